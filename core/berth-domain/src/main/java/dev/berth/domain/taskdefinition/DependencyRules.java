package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dependsOn} across a task: each names another container of the task, with a condition
 * that makes sense for it, and the dependencies form no cycle (a container must be able to start).
 */
final class DependencyRules {
    private DependencyRules() {
    }

    /** @param containers the task's container definitions by name, in declaration order */
    static void check(Map<String, JsonNode> containers, FieldPath listPath) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, JsonNode> entry : containers.entrySet()) {
            FieldPath containerPath = listPath.index(index++);
            List<String> targets = new ArrayList<>();
            JsonNode dependsOn = entry.getValue().get("dependsOn");
            for (int i = 0; dependsOn != null && i < dependsOn.size(); i++) {
                JsonNode dependency = dependsOn.get(i);
                FieldPath at = containerPath.field("dependsOn").index(i);
                String target = text(dependency, "containerName");
                String condition = text(dependency, "condition");
                if (target == null || target.isEmpty()) {
                    throw EcsErrors.client(at.field("containerName") + " is required.");
                }
                if (condition == null) {
                    throw EcsErrors.client(at.field("condition") + " is required: START, COMPLETE, SUCCESS or HEALTHY.");
                }
                if (target.equals(entry.getKey())) {
                    throw EcsErrors.client(at.field("containerName") + " names the container itself ('" + target
                            + "'); a container cannot depend on itself.");
                }
                JsonNode targetDefinition = containers.get(target);
                if (targetDefinition == null) {
                    throw EcsErrors.client(at.field("containerName") + " names '" + Messages.abbreviate(target)
                            + "', which is not a container of this task definition.");
                }
                boolean essentialTarget = !targetDefinition.has("essential")
                        || targetDefinition.get("essential").asBoolean(true);
                if ((condition.equals("COMPLETE") || condition.equals("SUCCESS")) && essentialTarget) {
                    throw EcsErrors.client(at.field("condition") + " is " + condition + ", but '" + target
                            + "' is essential: an essential container that exits stops the task.");
                }
                if (condition.equals("HEALTHY") && !JsonFields.has(targetDefinition, "healthCheck")) {
                    throw EcsErrors.client(at.field("condition") + " is HEALTHY, but '" + target
                            + "' has no healthCheck.");
                }
                targets.add(target);
            }
            edges.put(entry.getKey(), targets);
        }
        findCycle(edges, listPath);
    }

    private static void findCycle(Map<String, List<String>> edges, FieldPath listPath) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, edges, state, path)) {
                throw EcsErrors.client(listPath + " have a dependsOn cycle: " + String.join(" -> ", path)
                        + "; no container in it could ever start.");
            }
        }
    }

    private static boolean visit(String node, Map<String, List<String>> edges, Map<String, Integer> state,
                                 List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return false;
        }
        path.add(node);
        if (seen != null) {
            return true;
        }
        state.put(node, 1);
        for (String next : edges.getOrDefault(node, List.of())) {
            if (visit(next, edges, state, path)) {
                trimToCycle(path);
                return true;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return false;
    }

    private static void trimToCycle(List<String> path) {
        String repeated = path.get(path.size() - 1);
        int first = path.indexOf(repeated);
        path.subList(0, first).clear();
    }
}
