package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import java.util.List;
import java.util.Objects;

/**
 * The scheduler's answer: one outcome per copy, in order, and the snapshot as it is once the
 * placed copies reserve their resources (for placing the next request before the store catches up).
 */
public record Placement(List<Outcome> outcomes, List<Instance> instancesAfter) {
    public Placement {
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(instancesAfter, "instancesAfter");
    }

    /** The instance ids of the placed copies, in order. */
    public List<String> placedInstanceIds() {
        return outcomes.stream()
                .filter(Outcome.Placed.class::isInstance)
                .map(outcome -> ((Outcome.Placed) outcome).instanceId())
                .toList();
    }

    public int placedCount() {
        return (int) outcomes.stream().filter(Outcome.Placed.class::isInstance).count();
    }

    public boolean allPlaced() {
        return placedCount() == outcomes.size();
    }

    /** Short: a snapshot of ten thousand instances makes a useless failure message. */
    @Override
    public String toString() {
        return "Placement[outcomes=" + outcomes + ", " + instancesAfter.size() + " instances]";
    }
}
