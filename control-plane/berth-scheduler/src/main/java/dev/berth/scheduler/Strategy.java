package dev.berth.scheduler;

import java.util.Objects;

/**
 * A placement strategy. A request applies up to five in order: each later one only chooses among
 * the instances the earlier ones left tied; what is still tied after the last is chosen at random.
 */
public sealed interface Strategy {

    /** Any instance that can take the task. Strategies after it have nothing left to decide. */
    record Random() implements Strategy {}

    /**
     * Evenly over the values of a field: the instance whose value has the fewest tasks of the
     * request's group wins. For an attribute, the tasks are counted over every instance of the
     * snapshot with that value, candidates or not, and instances without the attribute form one
     * more value of their own.
     *
     * @param field {@code instanceId}, {@code host} (the same), or {@code attribute:NAME}
     */
    record Spread(String field) implements Strategy {
        public Spread {
            Objects.requireNonNull(field, "field");
            if (!isInstance(field) && !(field.startsWith("attribute:") && field.length() > "attribute:".length())) {
                throw new IllegalArgumentException("spread field must be instanceId, host or attribute:NAME, not '" + field + "'");
            }
        }

        /** True when spreading over instances rather than over the values of an attribute. */
        public boolean overInstances() {
            return isInstance(field);
        }

        /** The attribute spread over; only when not {@link #overInstances()}. */
        public String attribute() {
            return field.substring("attribute:".length());
        }

        private static boolean isInstance(String field) {
            return field.equals("instanceId") || field.equals("host");
        }
    }

    /** Onto the instance with the least of the resource left that still fits the task. */
    record Binpack(Resource resource) implements Strategy {
        public Binpack {
            Objects.requireNonNull(resource, "resource");
        }
    }

    /** What binpack packs by. */
    enum Resource { CPU, MEMORY }

    static Strategy random() {
        return new Random();
    }

    static Strategy spread(String field) {
        return new Spread(field);
    }

    static Strategy binpack(Resource resource) {
        return new Binpack(resource);
    }
}
