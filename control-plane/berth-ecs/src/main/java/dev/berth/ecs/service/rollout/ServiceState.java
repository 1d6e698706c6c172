package dev.berth.ecs.service.rollout;

import java.util.List;

/**
 * What the scheduler keeps of a service between passes.
 *
 * @param deployments PRIMARY first, then the ACTIVE ones that still have tasks
 * @param lastCompleted the newest deployment that reached COMPLETED: where a circuit-breaker rollback goes
 * @param steadyAnnounced the "has reached a steady state" event was posted and nothing has changed since
 * @param throttle tasks of the PRIMARY that keep failing before they run, or null
 */
public record ServiceState(List<Deployment> deployments, Deployment lastCompleted, boolean steadyAnnounced,
                           int runningCount, int pendingCount, Throttle throttle) {
    /**
     * ECS's launch throttle: after tasks of a deployment repeatedly go from PENDING to STOPPED,
     * the next start waits, longer each time, up to 27 minutes. A task that reaches RUNNING, or a
     * new deployment, ends it.
     *
     * @param failures consecutive tasks of the deployment that stopped before they ran
     * @param notBefore no new task of the deployment starts before this
     */
    public record Throttle(String deploymentId, int failures, java.time.Instant notBefore) {
    }

    public ServiceState {
        if (deployments.isEmpty()) {
            throw new IllegalArgumentException("a service always has a PRIMARY deployment");
        }
        deployments = List.copyOf(deployments);
    }

    public Deployment primary() {
        return deployments.get(0);
    }
}
