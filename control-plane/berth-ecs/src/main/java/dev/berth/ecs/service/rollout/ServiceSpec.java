package dev.berth.ecs.service.rollout;

import java.time.Duration;

/**
 * What the user asked of a service, as the scheduler needs it.
 *
 * @param daemon schedulingStrategy DAEMON: one task on every eligible instance; desiredCount is then ignored
 * @param deleting DeleteService was called (status DRAINING): every task stops
 * @param healthCheckGracePeriod how long after a task starts its failed health checks are ignored
 */
public record ServiceSpec(String name, boolean daemon, int desiredCount, int minimumHealthyPercent, int maximumPercent,
                          boolean circuitBreaker, boolean rollback, Duration healthCheckGracePeriod, boolean deleting) {
}
