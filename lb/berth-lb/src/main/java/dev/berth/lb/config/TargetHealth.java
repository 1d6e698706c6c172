package dev.berth.lb.config;

/**
 * A target's health as ELB reports it.
 *
 * @param state the state
 * @param reason ELB's reason code (e.g. {@code Target.ResponseCodeMismatch}), null when healthy
 * @param description ELB's description text, null when healthy
 */
public record TargetHealth(HealthState state, String reason, String description) {
    public static final TargetHealth HEALTHY = new TargetHealth(HealthState.HEALTHY, null, null);
    public static final TargetHealth REGISTERING = new TargetHealth(HealthState.INITIAL, "Elb.RegistrationInProgress",
            "Target registration is in progress");
    public static final TargetHealth DRAINING = new TargetHealth(HealthState.DRAINING,
            "Target.DeregistrationInProgress", "Target deregistration is in progress");
    public static final TargetHealth NOT_IN_USE = new TargetHealth(HealthState.UNUSED, "Target.NotInUse",
            "Target group is not configured to receive traffic from the load balancer");
    public static final TargetHealth DISABLED = new TargetHealth(HealthState.UNAVAILABLE, "Target.HealthCheckDisabled",
            "Health checks are disabled");
}
