package dev.berth.ecs.service.rollout;

import java.time.Instant;
import java.util.List;

/**
 * One deployment of a service: a task definition (and capacity provider split) the service is
 * moving to or away from. The first of a service's deployments is its PRIMARY; the others are
 * ACTIVE until their last task has stopped, then they are dropped.
 *
 * @param failedTasks tasks of this deployment that failed (could not start, exited, failed their
 *                    health checks) while it was in progress: what the circuit breaker counts
 */
public record Deployment(String id, String taskDefinition, List<ProviderShare> providers, RolloutState rollout,
                         String rolloutReason, int failedTasks, int desiredCount, int runningCount, int pendingCount,
                         Instant createdAt, Instant updatedAt) {
    public Deployment {
        providers = List.copyOf(providers);
    }

    /** A new deployment, IN_PROGRESS, with no tasks yet. */
    public static Deployment start(String id, String taskDefinition, List<ProviderShare> providers, int desiredCount,
                                   Instant now) {
        return new Deployment(id, taskDefinition, providers, RolloutState.IN_PROGRESS,
                "ECS deployment " + id + " in progress.", 0, desiredCount, 0, 0, now, now);
    }

    Deployment withRollout(RolloutState state, String reason) {
        return new Deployment(id, taskDefinition, providers, state, reason, failedTasks, desiredCount, runningCount,
                pendingCount, createdAt, updatedAt);
    }

    Deployment withFailedTasks(int failed) {
        return new Deployment(id, taskDefinition, providers, rollout, rolloutReason, failed, desiredCount, runningCount,
                pendingCount, createdAt, updatedAt);
    }

    Deployment withCounts(int desired, int running, int pending) {
        return new Deployment(id, taskDefinition, providers, rollout, rolloutReason, failedTasks, desired, running, pending,
                createdAt, updatedAt);
    }

    Deployment touched(Instant now) {
        return new Deployment(id, taskDefinition, providers, rollout, rolloutReason, failedTasks, desiredCount,
                runningCount, pendingCount, createdAt, now);
    }

    /** Equal but for updatedAt: whether anything a user sees has changed. */
    boolean sameAs(Deployment other) {
        return touched(other.updatedAt).equals(other);
    }
}
