package dev.berth.ecs.service.rollout;

import java.util.List;
import java.util.Set;

/**
 * What one pass decided for one service.
 *
 * @param next the service's scheduler state after the pass
 * @param stops tasks to stop, with the stoppedReason ECS gives
 * @param launches tasks to start
 * @param events event messages, oldest first
 * @param forget STOPPED tasks accounted for: the service no longer tracks them
 */
public record Decision(ServiceState next, List<Stop> stops, List<Launch> launches, List<String> events,
                       Set<String> forget) {
    public Decision {
        stops = List.copyOf(stops);
        launches = List.copyOf(launches);
        events = List.copyOf(events);
        forget = Set.copyOf(forget);
    }

    /** @param reason the task's stoppedReason */
    public record Stop(String taskId, String reason) {
    }

    /**
     * @param provider the capacity provider to place on, or null for any instance
     * @param instanceId the one instance to place on (DAEMON), or null to let placement choose
     */
    public record Launch(String deploymentId, String taskDefinition, String provider, String instanceId, int count) {
    }

    /** Whether the pass changes nothing at all: no task to touch and the state as it was (but for timestamps). */
    public boolean changesNothing(ServiceState before) {
        if (!stops.isEmpty() || !launches.isEmpty() || !events.isEmpty() || !forget.isEmpty()
                || next.steadyAnnounced() != before.steadyAnnounced() || next.runningCount() != before.runningCount()
                || next.pendingCount() != before.pendingCount()
                || next.deployments().size() != before.deployments().size()
                || !java.util.Objects.equals(next.lastCompleted(), before.lastCompleted())) {
            return false;
        }
        for (int i = 0; i < next.deployments().size(); i++) {
            if (!next.deployments().get(i).sameAs(before.deployments().get(i))) {
                return false;
            }
        }
        return true;
    }
}
