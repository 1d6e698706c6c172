package dev.berth.ecs.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.instance.PlacementView;
import dev.berth.ecs.instance.TaskCounts;
import dev.berth.ecs.service.rollout.InstanceView;
import dev.berth.ecs.service.rollout.TaskView;
import dev.berth.ecs.service.rollout.TaskView.Health;
import dev.berth.ecs.service.rollout.TaskView.Phase;
import dev.berth.ecs.task.TaskRecord;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.cluster.Instance;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Stored tasks and instances as the service scheduler sees them. Pure. */
final class ServiceViews {
    private ServiceViews() {
    }

    static TaskView task(TaskRecord task) {
        JsonNode body = task.body();
        Phase phase = switch (task.lastStatus()) {
            case PROVISIONING, PENDING, ACTIVATING -> Phase.PENDING;
            case STOPPED -> Phase.STOPPED;
            default -> Phase.RUNNING;
        };
        Set<String> checked = new HashSet<>();
        for (JsonNode definition : body.path("definition").path("containerDefinitions")) {
            if (definition.path("essential").asBoolean(true) && definition.hasNonNull("healthCheck")) {
                checked.add(definition.path("name").asText());
            }
        }
        // The containers that have a health check decide; ECS's task health would also wait on
        // the essential ones that have none, which stay UNKNOWN for ever.
        Health health = checked.isEmpty() ? Health.UNKNOWN : Health.HEALTHY;
        for (JsonNode container : body.path("containers")) {
            if (!checked.contains(container.path("name").asText())) {
                continue;
            }
            String status = container.path("healthStatus").asText("UNKNOWN");
            if (status.equals("UNHEALTHY")) {
                health = Health.UNHEALTHY;
                break;
            }
            if (!status.equals("HEALTHY")) {
                health = Health.UNKNOWN;
            }
        }
        // A task of a service behind a load balancer also waits on its targets' health (the ELB link
        // records it): it counts only once every target is healthy, and a failing target fails it.
        String targets = Json.string(body, TaskRecord.LOAD_BALANCER_HEALTH);
        String failedTargetGroup = null;
        if (targets != null && health != Health.UNHEALTHY) {
            if (targets.equals("UNHEALTHY")) {
                health = Health.UNHEALTHY;
                failedTargetGroup = Json.string(body, TaskRecord.UNHEALTHY_IN);
            } else if (targets.equals("UNKNOWN")) {
                health = Health.UNKNOWN;
            } else if (checked.isEmpty()) {
                health = Health.HEALTHY;
            }
        }
        Instant startedAt = body.hasNonNull("startedAt") ? Instant.ofEpochMilli(body.get("startedAt").asLong()) : null;
        return new TaskView(task.taskId(), body.path("startedBy").asText(), task.instanceId(),
                body.hasNonNull("capacityProviderName") ? body.get("capacityProviderName").asText() : null, phase,
                task.desiredStatus().equals("STOPPED"), health, !checked.isEmpty() || targets != null, startedAt,
                body.hasNonNull("stopCode") ? body.get("stopCode").asText() : null, failedTargetGroup);
    }

    /** A task the service remembers but the store no longer has (purged long after it stopped): to be forgotten. */
    static TaskView gone(String taskId) {
        return new TaskView(taskId, "", "", null, Phase.STOPPED, true, Health.UNKNOWN, false, null, null);
    }

    /**
     * @param constraints the service's and its task definition's placement constraints
     * @param requiredAttributes what the task definition requires of an instance
     */
    static InstanceView instance(InstanceRecord instance, List<Constraint> constraints, Set<String> requiredAttributes) {
        boolean active = instance.status().equals("ACTIVE");
        boolean eligible = active && instance.attributes().keySet().containsAll(requiredAttributes);
        if (eligible && !constraints.isEmpty()) {
            int tasks = instance.tasksByGroup().values().stream().mapToInt(Integer::intValue).sum();
            Instance view = PlacementView.of(instance, new TaskCounts(tasks, 0, tasks));
            for (Constraint constraint : constraints) {
                if (constraint instanceof Constraint.MemberOf memberOf && !memberOf.expression().matches(view)) {
                    eligible = false;
                }
            }
        }
        return new InstanceView(instance.instanceId(), active || instance.status().equals("DRAINING") ? instance.status()
                : "INACTIVE", instance.agentConnected(), eligible);
    }
}
