package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.id.IdGenerator;
import dev.berth.domain.tag.Tags;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.instance.Reservation;
import dev.berth.ecs.taskdefinition.RunnableTaskDefinition;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places new tasks and writes them, with the reservations they take from their instances, inside
 * the caller's transaction: what RunTask, StartTask and the service scheduler share. Thread-safe.
 */
public final class TaskLauncher {
    private final IdGenerator ids;

    public TaskLauncher(IdGenerator ids) {
        this.ids = ids;
    }

    /**
     * What the new tasks are, read and checked once, outside the transaction.
     *
     * @param definition the effective task definition (overrides applied)
     * @param launchType the launch type, or null for tasks placed for a capacity provider
     * @param capacityProviderName the provider the tasks are placed for, or null
     * @param loadBalanced the tasks count as healthy only once their load-balancer targets are
     */
    public record NewTasks(RunnableTaskDefinition taskDefinition, ObjectNode definition, ObjectNode overrides,
                           Reservation reservation, Set<String> requiredAttributes, String group, String startedBy,
                           String launchType, Tags tags, boolean enableExecuteCommand, String capacityProviderName,
                           boolean loadBalanced) {
    }

    /** @param failures for copies that could not be placed: instance id → ECS reason */
    public record Placed(List<TaskRecord> tasks, Map<String, String> failures) {
    }

    public static NewTasks prepare(RunnableTaskDefinition taskDefinition, JsonNode overrides, String group, String startedBy,
                                   String launchType, Tags tags, boolean enableExecuteCommand, String capacityProviderName,
                                   boolean loadBalanced) {
        ObjectNode effective = EffectiveDefinition.apply(taskDefinition.definition(), overrides);
        Reservation reservation = EffectiveDefinition.reservation(effective, group);
        Set<String> required = new HashSet<>();
        effective.path("requiresAttributes").forEach(attribute -> required.add(attribute.path("name").asText()));
        return new NewTasks(taskDefinition, effective, overrides == null ? null : (ObjectNode) overrides.deepCopy(),
                reservation, required, group, startedBy, launchType, tags, enableExecuteCommand, capacityProviderName,
                loadBalanced);
    }

    /** The instances a task may be placed on: ACTIVE with their agent connected; all of the cluster's, or the one named. */
    public static List<InstanceRecord> eligibleInstances(Transaction tx, String cluster, String onlyInstanceId) {
        List<InstanceRecord> eligible = new ArrayList<>();
        ListQuery.prefix(EcsKinds.CONTAINER_INSTANCE, cluster + "/" + (onlyInstanceId == null ? "" : onlyInstanceId), 1000)
                .scan(tx::list, record -> {
                    InstanceRecord instance = new InstanceRecord(record);
                    if (instance.status().equals("ACTIVE") && instance.agentConnected()
                            && (onlyInstanceId == null || instance.instanceId().equals(onlyInstanceId))) {
                        eligible.add(instance);
                    }
                });
        return eligible;
    }

    /** Places up to {@code count} copies on {@code instances} and writes the tasks and the instances they reserve. */
    public Placed launch(Transaction tx, NewTasks request, List<InstanceRecord> instances, int count, PlacementSpec spec,
                         long seed, Instant now) {
        TaskPlacement.Outcomes outcome = TaskPlacement.place(instances, request.reservation(), request.requiredAttributes(),
                count, spec, seed);
        Map<String, InstanceRecord> byId = new LinkedHashMap<>();
        instances.forEach(instance -> byId.put(instance.instanceId(), instance));
        Set<String> touched = new HashSet<>();
        List<TaskRecord> tasks = new ArrayList<>();
        for (String instanceId : outcome.instanceIds()) {
            InstanceRecord instance = byId.get(instanceId);
            instance.reserve(request.reservation());
            touched.add(instanceId);
            ObjectNode body = taskBody(request, instance, now);
            body.put("desiredIndex", tx.changeIndex());
            Record written = tx.put(EcsKinds.TASK, TaskRecord.id(instance.cluster(), body.path("taskId").asText()),
                    Json.text(body), 0, instance.record().id());
            tasks.add(new TaskRecord(written));
        }
        for (String instanceId : touched) {
            InstanceRecord instance = byId.get(instanceId);
            Record written = tx.put(EcsKinds.CONTAINER_INSTANCE, instance.record().id(), Json.text(instance.body()),
                    instance.record().version());
            // The caller may place again in this transaction (another provider, another deployment).
            byId.put(instanceId, new InstanceRecord(written));
        }
        instances.replaceAll(instance -> byId.get(instance.instanceId()));
        return new Placed(tasks, outcome.failures());
    }

    private ObjectNode taskBody(NewTasks request, InstanceRecord instance, Instant now) {
        ObjectNode body = Json.object();
        String taskId = ids.newId();
        body.put("taskId", taskId);
        body.put("cluster", instance.cluster());
        body.put("containerInstanceId", instance.instanceId());
        body.put("taskDefinition", request.taskDefinition().family() + ":" + request.taskDefinition().revision());
        body.set("definition", request.definition());
        if (request.overrides() != null) {
            body.set("overrides", request.overrides());
        }
        body.put("group", request.group());
        if (request.startedBy() != null) {
            body.put("startedBy", request.startedBy());
        }
        if (request.launchType() != null) { // tasks placed for a capacity provider have none, as on ECS
            body.put("launchType", request.launchType());
        }
        if (request.capacityProviderName() != null) {
            body.put("capacityProviderName", request.capacityProviderName());
        }
        body.put("cpu", Integer.toString(request.reservation().cpu()));
        body.put("memory", Integer.toString(request.reservation().memory()));
        body.put("desiredStatus", "RUNNING");
        body.put("lastStatus", TaskStatus.PROVISIONING.name());
        body.put("createdAt", now.toEpochMilli());
        body.put("connectivityAt", now.toEpochMilli());
        body.put("healthStatus", "UNKNOWN");
        if (request.loadBalanced()) {
            // not healthy until its targets are: set before any pass could count it RUNNING and healthy
            body.put(TaskRecord.LOAD_BALANCER_HEALTH, "UNKNOWN");
        }
        body.put("enableExecuteCommand", request.enableExecuteCommand());
        String zone = instance.attributes().get("ecs.availability-zone");
        if (zone != null) {
            body.put("availabilityZone", zone);
        }
        if ("awsvpc".equals(request.definition().path("networkMode").asText())) {
            body.put("attachmentId", IdGenerator.asUuid(ids.newId()));
        }
        ArrayNode containers = body.putArray("containers");
        for (JsonNode definition : request.definition().path("containerDefinitions")) {
            ObjectNode container = containers.addObject();
            container.put("containerId", IdGenerator.asUuid(ids.newId()));
            container.put("name", definition.path("name").asText());
            container.put("image", definition.path("image").asText());
            container.put("lastStatus", "PENDING");
            container.put("healthStatus", "UNKNOWN");
            container.put("cpu", Integer.toString(definition.path("cpu").asInt(0)));
            if (definition.hasNonNull("memory")) {
                container.put("memory", definition.get("memory").asText());
            }
            if (definition.hasNonNull("memoryReservation")) {
                container.put("memoryReservation", definition.get("memoryReservation").asText());
            }
        }
        body.set("tags", request.tags().toJson());
        body.set("reservation", request.reservation().toJson());
        body.put("version", 1);
        return body;
    }
}
