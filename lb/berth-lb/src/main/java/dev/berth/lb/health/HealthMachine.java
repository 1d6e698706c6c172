package dev.berth.lb.health;

import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetHealth;

/**
 * One checked target's health as ELB derives it from check results. Pure: the caller feeds it
 * results and reports what {@link #health()} becomes.
 *
 * <pre>
 *   INITIAL ──────────── 1 pass ─────────────────────▶ HEALTHY
 *      │                                                 │  ▲
 *      │ unhealthyThreshold       unhealthyThreshold     │  │ healthyThreshold
 *      │ failures in a row        failures in a row      ▼  │ passes in a row
 *      └───────────────────────────────────────────────▶ UNHEALTHY
 * </pre>
 *
 * A new target needs a single pass: {@code healthyThreshold} only governs recovery. While
 * unhealthy, the health carries the latest failure's reason, so a target that stops timing out
 * and starts answering 502 says so.
 */
final class HealthMachine {
    static final TargetHealth TIMED_OUT = unhealthy("Target.Timeout", "Request timed out");
    static final TargetHealth FAILED = unhealthy("Target.FailedHealthChecks", "Health checks failed");

    /** Stands for an unhealthy target resumed from the last known state, whose reason we never saw. */
    private static final TargetHealth UNHEALTHY_RESUMED = new TargetHealth(HealthState.UNHEALTHY, null, null);

    private enum Phase { INITIAL, HEALTHY, UNHEALTHY }

    private Phase phase;
    private TargetHealth unhealthy = UNHEALTHY_RESUMED;
    private int passes;
    private int failures;

    private HealthMachine(Phase phase) {
        this.phase = phase;
    }

    /**
     * A machine for a target that starts being checked: from where a previous data plane left it
     * when that was healthy or unhealthy, else from initial.
     */
    static HealthMachine resume(HealthState lastKnown) {
        return new HealthMachine(switch (lastKnown) {
            case HEALTHY -> Phase.HEALTHY;
            case UNHEALTHY -> Phase.UNHEALTHY;
            case null, default -> Phase.INITIAL;
        });
    }

    static TargetHealth codeMismatch(int status) {
        return unhealthy("Target.ResponseCodeMismatch", "Health checks failed with these codes: [" + status + "]");
    }

    TargetHealth health() {
        return switch (phase) {
            case INITIAL -> TargetHealth.REGISTERING;
            case HEALTHY -> TargetHealth.HEALTHY;
            case UNHEALTHY -> unhealthy;
        };
    }

    TargetHealth passed(int healthyThreshold) {
        failures = 0;
        passes++;
        if (phase == Phase.INITIAL || phase == Phase.UNHEALTHY && passes >= healthyThreshold) {
            phase = Phase.HEALTHY;
        }
        return health();
    }

    /** @param failure {@link #TIMED_OUT}, {@link #FAILED} or a {@link #codeMismatch} */
    TargetHealth failed(TargetHealth failure, int unhealthyThreshold) {
        passes = 0;
        failures++;
        if (phase == Phase.UNHEALTHY || failures >= unhealthyThreshold) {
            phase = Phase.UNHEALTHY;
            unhealthy = failure;
        }
        return health();
    }

    private static TargetHealth unhealthy(String reason, String description) {
        return new TargetHealth(HealthState.UNHEALTHY, reason, description);
    }
}
