package dev.berth.ecs;

import java.time.Duration;

/**
 * Timings of the ECS control plane, with their defaults and checks.
 *
 * @param heartbeat how often agents report when nothing changes
 * @param agentTimeout silence after which an instance's agent counts as disconnected (ECS: 30 s)
 * @param agentGrace further silence after which its tasks are recorded STOPPED
 * @param taskRetention how long STOPPED tasks stay describable (ECS keeps about an hour)
 */
public record EcsSettings(Duration heartbeat, Duration agentTimeout, Duration agentGrace, Duration taskRetention) {
    public EcsSettings {
        if (heartbeat.compareTo(Duration.ofMillis(100)) < 0 || agentTimeout.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("the agent timeout (" + agentTimeout + ") must be longer than the heartbeat ("
                    + heartbeat + "), which must be at least 100 ms");
        }
        if (agentGrace.isNegative() || taskRetention.isNegative()) {
            throw new IllegalArgumentException("the agent grace and the task retention cannot be negative");
        }
    }

    public static EcsSettings defaults() {
        return new EcsSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(24));
    }
}
