package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.taskdefinition.NetworkMode;
import dev.berth.domain.taskdefinition.ResourceUnits;
import dev.berth.domain.validation.FieldPath;
import dev.berth.ecs.instance.Reservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task definition a task actually runs: the registered revision with RunTask's
 * {@code overrides} applied (container command, environment, cpu and memory; task cpu and
 * memory), and what it reserves on its instance. Pure.
 */
public final class EffectiveDefinition {
    private static final int MAX_OVERRIDES_LENGTH = 8192;

    private EffectiveDefinition() {
    }

    /** @return a copy of {@code definition} with {@code overrides} applied */
    public static ObjectNode apply(ObjectNode definition, JsonNode overrides) {
        ObjectNode effective = definition.deepCopy();
        if (overrides == null || overrides.isNull() || overrides.isMissingNode()) {
            return effective;
        }
        if (overrides.toString().length() > MAX_OVERRIDES_LENGTH) {
            throw EcsErrors.invalidParameter("overrides may be at most " + MAX_OVERRIDES_LENGTH
                    + " characters of JSON; these are " + overrides.toString().length() + ".");
        }
        Map<String, ObjectNode> containers = new LinkedHashMap<>();
        effective.path("containerDefinitions").forEach(c -> containers.put(c.path("name").asText(), (ObjectNode) c));
        JsonNode containerOverrides = overrides.path("containerOverrides");
        for (int i = 0; i < containerOverrides.size(); i++) {
            JsonNode override = containerOverrides.get(i);
            String name = override.path("name").asText(null);
            ObjectNode container = containers.get(name);
            if (container == null) {
                throw EcsErrors.invalidParameter("overrides.containerOverrides[" + i + "].name '" + name
                        + "' is not a container of the task definition.");
            }
            for (String field : new String[] {"command", "cpu", "memory", "memoryReservation", "environmentFiles",
                "resourceRequirements"}) {
                if (override.hasNonNull(field)) {
                    container.set(field, override.get(field).deepCopy());
                }
            }
            if (override.has("environment")) {
                container.set("environment", mergeEnvironment(container.path("environment"), override.get("environment")));
            }
        }
        for (String field : new String[] {"taskRoleArn", "executionRoleArn", "ephemeralStorage"}) {
            if (overrides.hasNonNull(field)) {
                effective.set(field, overrides.get(field).deepCopy());
            }
        }
        // As registration does: "1 vCPU" and "2 GB" are stored as units, which is what reservation() reads.
        if (overrides.hasNonNull("cpu")) {
            effective.put("cpu", Integer.toString(ResourceUnits.cpuUnits(FieldPath.of("overrides.cpu"),
                    overrides.get("cpu").asText())));
        }
        if (overrides.hasNonNull("memory")) {
            effective.put("memory", Integer.toString(ResourceUnits.memoryMiB(FieldPath.of("overrides.memory"),
                    overrides.get("memory").asText())));
        }
        return effective;
    }

    private static ArrayNode mergeEnvironment(JsonNode defined, JsonNode overridden) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        defined.forEach(variable -> variables.put(variable.path("name").asText(), variable));
        overridden.forEach(variable -> variables.put(variable.path("name").asText(), variable));
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        variables.values().forEach(merged::add);
        return merged;
    }

    /**
     * What the task holds on its instance: task-level cpu and memory when the definition sets them,
     * else the sums of its containers' (memoryReservation counting for memory where given), and the
     * fixed host ports its network mode uses.
     */
    public static Reservation reservation(ObjectNode effective, String group) {
        int cpu = 0;
        int memory = 0;
        List<Integer> tcp = new ArrayList<>();
        List<Integer> udp = new ArrayList<>();
        NetworkMode mode = NetworkMode.ofWire(effective.hasNonNull("networkMode") ? effective.get("networkMode").asText() : null);
        for (JsonNode container : effective.path("containerDefinitions")) {
            cpu += container.path("cpu").asInt(0);
            memory += container.hasNonNull("memoryReservation") ? container.get("memoryReservation").asInt()
                    : container.path("memory").asInt(0);
            for (JsonNode mapping : container.path("portMappings")) {
                int hostPort = switch (mode) {
                    case HOST -> mapping.path("containerPort").asInt(0);
                    case BRIDGE -> mapping.path("hostPort").asInt(0);
                    default -> 0; // awsvpc tasks get their own address; none publishes nothing
                };
                if (hostPort > 0) {
                    ("udp".equals(mapping.path("protocol").asText("tcp")) ? udp : tcp).add(hostPort);
                }
            }
        }
        if (effective.hasNonNull("cpu")) {
            cpu = Integer.parseInt(effective.get("cpu").asText());
        }
        if (effective.hasNonNull("memory")) {
            memory = Integer.parseInt(effective.get("memory").asText());
        }
        return new Reservation(group, cpu, memory, tcp, udp);
    }
}
