package dev.berth.lb.config;

import java.time.Duration;
import java.util.List;

/**
 * A target group and its registered targets.
 *
 * @param arn its ARN
 * @param algorithm how a target is chosen
 * @param slowStart 0 for none; else a newly healthy target's share grows linearly over this time
 * @param deregistrationDelay how long a deregistered target may keep serving in-flight requests
 * @param healthCheck how targets are checked
 * @param targets registered and draining targets
 */
public record TargetGroupSpec(String arn, Algorithm algorithm, Duration slowStart, Duration deregistrationDelay,
                              HealthCheckSpec healthCheck, List<TargetSpec> targets) {
    public TargetGroupSpec {
        targets = List.copyOf(targets);
    }

    public enum Algorithm { ROUND_ROBIN, LEAST_OUTSTANDING_REQUESTS }
}
