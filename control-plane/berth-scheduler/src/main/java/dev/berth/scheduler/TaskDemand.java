package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Port;
import java.util.Objects;
import java.util.Set;

/**
 * What one copy of a task needs from an instance.
 *
 * @param group              the task group the copy joins ("family:web", "service:api"): what
 *                           spread counts and distinctInstance and {@code task:group} look at
 * @param cpu                CPU units to reserve
 * @param memory             MiB to reserve
 * @param hostPorts          fixed host ports; dynamic host ports (0) are chosen by the agent
 *                           and reserve nothing here
 * @param requiredAttributes attribute names the instance must have (the task definition's
 *                           {@code requiresAttributes})
 */
public record TaskDemand(String group, int cpu, int memory, Set<Port> hostPorts, Set<String> requiredAttributes) {
    public TaskDemand {
        Objects.requireNonNull(group, "group");
        if (cpu < 0 || memory < 0) {
            throw new IllegalArgumentException("cpu and memory cannot be negative: " + cpu + ", " + memory);
        }
        hostPorts = Set.copyOf(hostPorts);
        requiredAttributes = Set.copyOf(requiredAttributes);
    }

    /** A task with no host ports and no required attributes. */
    public static TaskDemand of(String group, int cpu, int memory) {
        return new TaskDemand(group, cpu, memory, Set.of(), Set.of());
    }
}
