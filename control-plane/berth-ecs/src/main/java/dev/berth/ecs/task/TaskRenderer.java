package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.arn.EcsArns;
import dev.berth.ecs.common.Json;
import java.time.Instant;

/** Writes a stored task as ECS's Task shape, with ARNs in the caller's region. Pure. */
public final class TaskRenderer {
    private TaskRenderer() {
    }

    public static ObjectNode render(EcsArns arns, TaskRecord task, boolean includeTags) {
        ObjectNode body = task.body();
        String cluster = task.cluster();
        ObjectNode out = Json.object();
        ArrayNode attachments = out.putArray("attachments");
        if (body.hasNonNull("privateIpv4Address")) {
            ObjectNode eni = attachments.addObject();
            eni.put("id", body.path("attachmentId").asText());
            eni.put("type", "ElasticNetworkInterface");
            eni.put("status", task.lastStatus() == TaskStatus.STOPPED ? "DELETED" : "ATTACHED");
            ArrayNode details = eni.putArray("details");
            details.addObject().put("name", "privateIPv4Address").put("value", body.get("privateIpv4Address").asText());
        }
        out.putArray("attributes");
        copy(body, out, "availabilityZone");
        copy(body, out, "capacityProviderName");
        out.put("clusterArn", arns.cluster(cluster));
        out.put("connectivity", "CONNECTED");
        copyTime(body, out, "connectivityAt");
        out.put("containerInstanceArn", arns.containerInstance(cluster, task.instanceId()));
        ArrayNode containers = out.putArray("containers");
        for (JsonNode container : body.path("containers")) {
            containers.add(container(arns, task, container));
        }
        copy(body, out, "cpu");
        copyTime(body, out, "createdAt");
        out.put("desiredStatus", task.desiredStatus());
        out.put("enableExecuteCommand", body.path("enableExecuteCommand").asBoolean(false));
        copy(body, out, "group");
        out.put("healthStatus", body.path("healthStatus").asText("UNKNOWN"));
        out.put("lastStatus", task.lastStatus().name());
        copy(body, out, "launchType");
        copy(body, out, "memory");
        out.set("overrides", body.path("overrides").isMissingNode() ? emptyOverrides() : body.get("overrides"));
        copyTime(body, out, "pullStartedAt");
        copyTime(body, out, "pullStoppedAt");
        copyTime(body, out, "startedAt");
        copy(body, out, "startedBy");
        copy(body, out, "stopCode");
        copyTime(body, out, "stoppedAt");
        copy(body, out, "stoppedReason");
        copyTime(body, out, "stoppingAt");
        if (includeTags) {
            out.set("tags", body.path("tags"));
        }
        out.put("taskArn", arns.task(cluster, task.taskId()));
        String[] definition = body.path("taskDefinition").asText().split(":");
        out.put("taskDefinitionArn", arns.taskDefinition(definition[0], Long.parseLong(definition[1])));
        out.put("version", body.path("version").asLong(1));
        copyTime(body, out, "executionStoppedAt");
        return out;
    }

    private static ObjectNode container(EcsArns arns, TaskRecord task, JsonNode stored) {
        ObjectNode container = Json.object();
        container.put("containerArn", arns.container(task.cluster(), task.taskId(), stored.path("containerId").asText()));
        container.put("taskArn", arns.task(task.cluster(), task.taskId()));
        copy(stored, container, "name");
        copy(stored, container, "image");
        copy(stored, container, "imageDigest");
        copy(stored, container, "runtimeId");
        container.put("lastStatus", stored.path("lastStatus").asText("PENDING"));
        if (stored.hasNonNull("exitCode")) {
            container.put("exitCode", stored.get("exitCode").asInt());
        }
        copy(stored, container, "reason");
        container.set("networkBindings", stored.path("networkBindings").isMissingNode()
                ? Json.object().arrayNode() : stored.get("networkBindings"));
        container.putArray("networkInterfaces");
        if (task.body().hasNonNull("privateIpv4Address")) {
            ((ArrayNode) container.get("networkInterfaces")).addObject()
                    .put("attachmentId", task.body().path("attachmentId").asText())
                    .put("privateIpv4Address", task.body().get("privateIpv4Address").asText());
        }
        container.put("healthStatus", stored.path("healthStatus").asText("UNKNOWN"));
        container.put("cpu", stored.path("cpu").asText("0"));
        copy(stored, container, "memory");
        copy(stored, container, "memoryReservation");
        return container;
    }

    private static ObjectNode emptyOverrides() {
        ObjectNode overrides = Json.object();
        overrides.putArray("containerOverrides");
        overrides.putArray("inferenceAcceleratorOverrides");
        return overrides;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }

    private static void copyTime(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, AwsJson.epochSeconds(Instant.ofEpochMilli(from.get(field).asLong())));
        }
    }
}
