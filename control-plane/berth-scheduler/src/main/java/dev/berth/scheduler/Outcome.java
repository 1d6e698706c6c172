package dev.berth.scheduler;

import java.util.List;
import java.util.Objects;

/** What happened to one copy of a task. */
public sealed interface Outcome {

    /** The copy goes to this instance. */
    record Placed(String instanceId) implements Outcome {
        public Placed {
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    /**
     * No instance could take the copy: each instance of the snapshot with the first check it
     * failed, in the snapshot's order. Empty only when the snapshot had no instances (ECS then
     * answers "No Container Instances were found in your cluster.").
     */
    record Unplaced(List<Rejection> rejections) implements Outcome {
        public Unplaced {
            rejections = List.copyOf(rejections);
        }

        @Override
        public String toString() {
            return "Unplaced[" + rejections.size() + " rejections" + (rejections.isEmpty() ? "" : ", first " + rejections.getFirst()) + "]";
        }
    }
}
