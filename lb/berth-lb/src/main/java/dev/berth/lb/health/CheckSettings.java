package dev.berth.lb.health;

import dev.berth.lb.config.HealthCheckSpec;
import java.time.Duration;

/**
 * A group's health check settings, validated and with the matcher parsed, compared by value so
 * that re-applying an unchanged configuration changes nothing.
 *
 * @param port null for the target's own port
 */
record CheckSettings(String path, Integer port, Duration interval, Duration timeout, int healthyThreshold,
                     int unhealthyThreshold, Matcher matcher) {

    /** @throws IllegalArgumentException when the spec cannot be checked (bad matcher, no interval) */
    static CheckSettings of(HealthCheckSpec spec) {
        if (spec.interval() == null || !spec.interval().isPositive()) {
            throw new IllegalArgumentException("a health check interval must be positive: " + spec);
        }
        if (spec.timeout() == null || !spec.timeout().isPositive()) {
            throw new IllegalArgumentException("a health check timeout must be positive: " + spec);
        }
        // ELB's defaults for the two fields a hand-written configuration is likeliest to leave out.
        String path = spec.path() == null || spec.path().isEmpty() ? "/" : spec.path();
        Matcher matcher = Matcher.parse(spec.matcher() == null ? "200" : spec.matcher());
        return new CheckSettings(path, spec.port(), spec.interval(), spec.timeout(),
                Math.max(1, spec.healthyThreshold()), Math.max(1, spec.unhealthyThreshold()), matcher);
    }
}
