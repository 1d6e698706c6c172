package dev.berth.ecs.task;

/**
 * A task's lastStatus, in the order ECS moves through them:
 *
 * <pre>
 * PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED
 *      (RunTask)    (agent: pulling) (creating) (started)  (stop begins) (containers) (clean-up)
 * </pre>
 *
 * A task may skip states (a pull that fails goes from PENDING straight to STOPPED) but never moves
 * back: an observation older than what is recorded is ignored.
 */
public enum TaskStatus {
    PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED;

    public static TaskStatus of(String wire) {
        return valueOf(wire);
    }

    /** Whether moving from this status to {@code next} goes forward. */
    public boolean canMoveTo(TaskStatus next) {
        return next.ordinal() > ordinal();
    }

    public boolean isPending() {
        return this == PROVISIONING || this == PENDING || this == ACTIVATING;
    }
}
