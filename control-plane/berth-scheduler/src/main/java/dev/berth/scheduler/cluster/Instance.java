package dev.berth.scheduler.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A container instance as the scheduler sees it.
 *
 * @param id              the container instance's id (what placements name)
 * @param attributes      ECS attributes, name to value; a value-less attribute maps to {@code ""}
 * @param fields          the built-in fields the cluster query language reads: {@code ec2InstanceId},
 *                        {@code registeredAt} (ISO-8601), {@code runningTasksCount},
 *                        {@code pendingTasksCount}, {@code agentConnected}, {@code agentVersion},
 *                        {@code dockerVersion}, {@code status}
 * @param remainingCpu    CPU units not yet reserved by tasks
 * @param remainingMemory MiB not yet reserved by tasks
 * @param reservedPorts   host ports in use (by the agent or by tasks)
 * @param tasksByGroup    non-stopped tasks on the instance per task group ("service:api", "family:web")
 */
public record Instance(String id, Map<String, String> attributes, Map<String, String> fields,
                       int remainingCpu, int remainingMemory, Set<Port> reservedPorts,
                       Map<String, Integer> tasksByGroup) {

    /** The field a newly placed task counts toward: ECS reports it PENDING until it runs. */
    public static final String PENDING_TASKS_COUNT = "pendingTasksCount";

    public Instance {
        Objects.requireNonNull(id, "id");
        // copyOf returns an immutable argument as is, so carrying a snapshot forward copies little.
        attributes = Map.copyOf(attributes);
        fields = Map.copyOf(fields);
        reservedPorts = Set.copyOf(reservedPorts);
        tasksByGroup = Map.copyOf(tasksByGroup);
    }

    /** An instance with these resources and nothing else: no attributes, fields, ports or tasks. */
    public static Instance of(String id, int remainingCpu, int remainingMemory) {
        return new Instance(id, Map.of(), Map.of(), remainingCpu, remainingMemory, Set.of(), Map.of());
    }

    /** The number of non-stopped tasks of {@code group} on this instance. */
    public int tasksOf(String group) {
        return tasksByGroup.getOrDefault(group, 0);
    }

    /**
     * This instance once one more task of {@code group} is placed on it: its resources and host
     * ports reserved, its group count and {@code pendingTasksCount} one higher. The scheduler
     * uses it between the copies of one request; callers may use it to carry a snapshot forward.
     */
    public Instance withPlacedTask(String group, int cpu, int memory, Set<Port> hostPorts) {
        Set<Port> ports = reservedPorts;
        if (!hostPorts.isEmpty()) {
            Set<Port> union = new HashSet<>(reservedPorts);
            union.addAll(hostPorts);
            ports = union;
        }
        Map<String, Integer> groups = new HashMap<>(tasksByGroup);
        groups.merge(group, 1, Integer::sum);
        Map<String, String> newFields = new HashMap<>(fields);
        newFields.put(PENDING_TASKS_COUNT, Integer.toString(pendingTasks() + 1));
        return new Instance(id, attributes, newFields, remainingCpu - cpu, remainingMemory - memory, ports, groups);
    }

    private int pendingTasks() {
        String value = fields.get(PENDING_TASKS_COUNT);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }
}
