package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.runtime.ContainerState.PublishedPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the engine might say of a container, and container plans without engine options, for the pure checks. */
final class EngineStates {
    private static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");

    private EngineStates() {
    }

    static ContainerState created() {
        return new ContainerState("c1", false, false, null, false, null, "UNKNOWN", null, null, "sha256:aa", null, List.of());
    }

    static ContainerState running(String health, PublishedPort... ports) {
        return new ContainerState("c1", true, true, null, false, null, health, STARTED, null, "sha256:aa", "172.17.0.2",
                List.of(ports));
    }

    static ContainerState running() {
        return running("UNKNOWN");
    }

    static ContainerState exited(int code) {
        return new ContainerState("c1", false, true, code, false, null, "UNKNOWN", STARTED, STARTED.plusSeconds(5), "sha256:aa",
                null, List.of());
    }

    static ContainerState oomKilled() {
        return new ContainerState("c1", false, true, 137, true, null, "UNKNOWN", STARTED, STARTED.plusSeconds(5), "sha256:aa",
                null, List.of());
    }

    static TaskPlan.ContainerPlan planned(String name, Map<String, String> dependsOn) {
        return new TaskPlan.ContainerPlan(name, true, dependsOn, Duration.ofMinutes(3), Duration.ofSeconds(30), false,
                List.of(), null);
    }
}
