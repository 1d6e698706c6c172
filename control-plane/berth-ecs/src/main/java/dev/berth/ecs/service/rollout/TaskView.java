package dev.berth.ecs.service.rollout;

import java.time.Instant;

/**
 * A task of the service as the scheduler sees it.
 *
 * @param deploymentId the deployment that started it (ECS records it as the task's startedBy)
 * @param provider the capacity provider it was placed for, or null
 * @param stopRequested desiredStatus is STOPPED: it is on its way out and counts for nothing but its slot
 * @param healthChecked an essential container has a health check, so the task must be HEALTHY to count
 * @param startedAt when it reached RUNNING, or null
 * @param stopCode once STOPPED: the first stop code recorded (TaskFailedToStart, EssentialContainerExited,
 *                 ServiceSchedulerInitiated, UserInitiated, …)
 * @param failedTargetGroup the ARN of the target group whose health checks it fails, when that is why
 *                 it is UNHEALTHY; else null
 */
public record TaskView(String taskId, String deploymentId, String instanceId, String provider, Phase phase,
                       boolean stopRequested, Health health, boolean healthChecked, Instant startedAt, String stopCode,
                       String failedTargetGroup) {
    public TaskView(String taskId, String deploymentId, String instanceId, String provider, Phase phase,
                    boolean stopRequested, Health health, boolean healthChecked, Instant startedAt, String stopCode) {
        this(taskId, deploymentId, instanceId, provider, phase, stopRequested, health, healthChecked, startedAt, stopCode,
                null);
    }

    public enum Phase {
        /** PROVISIONING, PENDING or ACTIVATING. */
        PENDING,
        /** RUNNING, DEACTIVATING, STOPPING or DEPROVISIONING: its containers may still run. */
        RUNNING,
        STOPPED
    }

    public enum Health {
        HEALTHY, UNHEALTHY, UNKNOWN
    }

    /** Counts toward minimumHealthyPercent: running, and healthy when it has a health check. */
    boolean healthy() {
        return phase == Phase.RUNNING && !stopRequested && (!healthChecked || health == Health.HEALTHY);
    }

    boolean live() {
        return phase != Phase.STOPPED;
    }

    /** A stop the service did not ask for and a user did not either: the task failed. */
    boolean failedOnItsOwn() {
        return phase == Phase.STOPPED && ("TaskFailedToStart".equals(stopCode) || "EssentialContainerExited".equals(stopCode));
    }
}
