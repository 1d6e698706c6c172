package dev.berth.ecs.service.rollout;

/**
 * A container instance as the service scheduler sees it.
 *
 * @param status ACTIVE, DRAINING or INACTIVE (deregistered, or no longer known)
 * @param connected its agent reports: only then can a task be started on it
 * @param daemonEligible for DAEMON services: ACTIVE and satisfying the service's placement constraints
 */
public record InstanceView(String instanceId, String status, boolean connected, boolean daemonEligible) {
    boolean active() {
        return status.equals("ACTIVE");
    }
}
