package dev.berth.lb.config;

import java.time.Duration;

/**
 * How targets are checked: an HTTP GET of {@code path}; success when the status is in
 * {@code matcher} ({@code 200}, {@code 200,202}, {@code 200-299}).
 *
 * @param enabled false: targets are {@code unavailable} / {@code Target.HealthCheckDisabled} and
 *     receive traffic
 * @param port null to check the target's own (traffic) port
 * @param healthyThreshold consecutive successes that turn an unhealthy target healthy (a new
 *     target needs one)
 * @param unhealthyThreshold consecutive failures that turn a target unhealthy
 */
public record HealthCheckSpec(boolean enabled, String path, Integer port, Duration interval, Duration timeout,
                              int healthyThreshold, int unhealthyThreshold, String matcher) {
}
