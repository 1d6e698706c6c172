package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.protocol.ContainerReport;
import dev.berth.node.protocol.NetworkBinding;
import dev.berth.node.protocol.TaskReport;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds what an agent observed into a stored task: only the fields the agent owns, only forward
 * in the lifecycle, first values of timestamps and of the stop reason kept. Pure: changes the
 * body it is given and says whether anything changed.
 */
public final class TaskObservations {
    private TaskObservations() {
    }

    /** @return whether the task changed */
    public static boolean apply(ObjectNode body, TaskReport report) {
        String before = body.toString();
        TaskStatus current = TaskStatus.of(body.path("lastStatus").asText());
        TaskStatus observed = report.lastStatus() == null ? current : TaskStatus.of(report.lastStatus());
        if (observed.canMoveTo(current)) {
            // Older than what is recorded (a task the control plane recorded STOPPED while its agent
            // was away): its containers and health are older too.
            return false;
        }
        if (current.canMoveTo(observed)) {
            body.put("lastStatus", observed.name());
        }
        keepFirst(body, "pullStartedAt", report.pullStartedAt());
        keepFirst(body, "pullStoppedAt", report.pullStoppedAt());
        keepFirst(body, "startedAt", report.startedAt());
        keepFirst(body, "executionStoppedAt", report.executionStoppedAt());
        keepFirst(body, "stoppedAt", report.stoppedAt());
        if (report.stopCode() != null && !body.hasNonNull("stopCode")) {
            body.put("stopCode", report.stopCode());
            body.put("stoppedReason", report.stoppedReason());
        }
        if (report.privateIpv4Address() != null) {
            body.put("privateIpv4Address", report.privateIpv4Address());
        }
        if (report.containers() != null) {
            mergeContainers(body, report);
        }
        if (observed == TaskStatus.STOPPED) {
            body.put("desiredStatus", "STOPPED");
        }
        body.put("healthStatus", taskHealth(body));
        boolean changed = !before.equals(body.toString());
        if (changed) {
            body.put("version", body.path("version").asLong(0) + 1);
        }
        return changed;
    }

    private static void mergeContainers(ObjectNode body, TaskReport report) {
        Map<String, ContainerReport> observed = new HashMap<>();
        report.containers().forEach(container -> observed.put(container.name(), container));
        for (JsonNode stored : body.path("containers")) {
            ContainerReport seen = observed.get(stored.path("name").asText());
            if (seen == null) {
                continue;
            }
            ObjectNode container = (ObjectNode) stored;
            put(container, "runtimeId", seen.runtimeId());
            put(container, "imageDigest", seen.imageDigest());
            put(container, "lastStatus", seen.lastStatus());
            if (seen.exitCode() != null) {
                container.put("exitCode", seen.exitCode());
            }
            put(container, "reason", seen.reason());
            put(container, "healthStatus", seen.healthStatus());
            if (seen.networkBindings() != null) {
                ArrayNode bindings = container.putArray("networkBindings");
                for (NetworkBinding binding : seen.networkBindings()) {
                    bindings.addObject().put("bindIP", binding.bindIP()).put("containerPort", binding.containerPort())
                            .put("hostPort", binding.hostPort()).put("protocol", binding.protocol());
                }
            }
        }
    }

    /**
     * ECS's rule: the task's health comes from its essential containers — any UNHEALTHY makes it
     * UNHEALTHY, else any UNKNOWN makes it UNKNOWN, else HEALTHY.
     */
    static String taskHealth(JsonNode body) {
        boolean unknown = false;
        boolean any = false;
        JsonNode definitions = body.path("definition").path("containerDefinitions");
        for (JsonNode container : body.path("containers")) {
            if (!isEssential(definitions, container.path("name").asText())) {
                continue;
            }
            any = true;
            String health = container.path("healthStatus").asText("UNKNOWN");
            if (health.equals("UNHEALTHY")) {
                return "UNHEALTHY";
            }
            unknown |= !health.equals("HEALTHY");
        }
        return !any || unknown ? "UNKNOWN" : "HEALTHY";
    }

    private static boolean isEssential(JsonNode definitions, String name) {
        for (JsonNode definition : definitions) {
            if (definition.path("name").asText().equals(name)) {
                return definition.path("essential").asBoolean(true);
            }
        }
        return true;
    }

    private static void keepFirst(ObjectNode body, String field, Long value) {
        if (value != null && !body.hasNonNull(field)) {
            body.put(field, value);
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
