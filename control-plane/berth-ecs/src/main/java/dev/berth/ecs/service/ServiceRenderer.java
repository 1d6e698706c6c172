package dev.berth.ecs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.arn.EcsArns;
import dev.berth.ecs.common.Json;
import java.time.Instant;

/** A stored service in ECS's {@code Service} shape. */
final class ServiceRenderer {
    private ServiceRenderer() {
    }

    static ObjectNode render(EcsArns arns, ServiceRecord service, boolean tags) {
        ObjectNode body = service.body();
        String cluster = service.cluster();
        ObjectNode out = Json.object();
        out.put("serviceArn", arns.service(cluster, service.name()));
        out.put("serviceName", service.name());
        out.put("clusterArn", arns.cluster(cluster));
        out.set("loadBalancers", body.path("loadBalancers").isArray() ? body.get("loadBalancers") : Json.object().arrayNode());
        out.set("serviceRegistries", body.path("serviceRegistries").isArray() ? body.get("serviceRegistries")
                : Json.object().arrayNode());
        out.put("status", service.status());
        out.put("desiredCount", body.path("desiredCount").asInt());
        out.put("runningCount", body.path("runningCount").asInt());
        out.put("pendingCount", body.path("pendingCount").asInt());
        copy(body, out, "launchType");
        if (body.path("capacityProviderStrategy").size() > 0) {
            out.set("capacityProviderStrategy", body.get("capacityProviderStrategy"));
        }
        JsonNode deployments = body.path("deployments");
        if (deployments.size() > 0) {
            out.put("taskDefinition", taskDefinitionArn(arns, deployments.get(0).path("taskDefinition").asText()));
        }
        out.set("deploymentConfiguration", body.path("deploymentConfiguration"));
        ArrayNode renderedDeployments = out.putArray("deployments");
        for (int i = 0; i < deployments.size(); i++) {
            renderedDeployments.add(deployment(arns, body, deployments.get(i), i == 0));
        }
        ArrayNode events = out.putArray("events");
        for (JsonNode event : body.path("events")) {
            events.addObject().put("id", event.path("id").asText())
                    .set("createdAt", epochSeconds(event.path("createdAt").asLong()));
            ((ObjectNode) events.get(events.size() - 1)).put("message", event.path("message").asText());
        }
        out.set("createdAt", epochSeconds(body.path("createdAt").asLong()));
        out.put("createdBy", arns.registeredBy());
        out.set("placementConstraints", body.path("placementConstraints").isArray() ? body.get("placementConstraints")
                : Json.object().arrayNode());
        out.set("placementStrategy", body.path("placementStrategy").isArray() ? body.get("placementStrategy")
                : Json.object().arrayNode());
        copy(body, out, "networkConfiguration");
        if (body.hasNonNull("healthCheckGracePeriodSeconds")) {
            out.put("healthCheckGracePeriodSeconds", body.get("healthCheckGracePeriodSeconds").asInt());
        }
        out.put("schedulingStrategy", body.path("schedulingStrategy").asText());
        out.putObject("deploymentController").put("type", "ECS");
        if (tags) {
            out.set("tags", body.path("tags").isArray() ? body.get("tags") : Json.object().arrayNode());
        }
        out.put("enableECSManagedTags", body.path("enableECSManagedTags").asBoolean(false));
        out.put("propagateTags", body.path("propagateTags").asText("NONE"));
        out.put("enableExecuteCommand", body.path("enableExecuteCommand").asBoolean(false));
        copy(body, out, "roleArn");
        return out;
    }

    private static ObjectNode deployment(EcsArns arns, JsonNode service, JsonNode deployment, boolean primary) {
        ObjectNode out = Json.object();
        out.put("id", deployment.path("id").asText());
        out.put("status", primary ? "PRIMARY" : "ACTIVE");
        out.put("taskDefinition", taskDefinitionArn(arns, deployment.path("taskDefinition").asText()));
        out.put("desiredCount", deployment.path("desiredCount").asInt());
        out.put("pendingCount", deployment.path("pendingCount").asInt());
        out.put("runningCount", deployment.path("runningCount").asInt());
        out.put("failedTasks", deployment.path("failedTasks").asInt());
        out.set("createdAt", epochSeconds(deployment.path("createdAt").asLong()));
        out.set("updatedAt", epochSeconds(deployment.path("updatedAt").asLong()));
        if (deployment.path("providers").size() > 0) {
            out.set("capacityProviderStrategy", ServiceRecord.providersJson(ServiceRecord.providers(deployment.get("providers"))));
        } else {
            out.put("launchType", service.path("launchType").asText("EC2"));
        }
        copy(service, out, "networkConfiguration");
        out.put("rolloutState", deployment.path("rolloutState").asText());
        out.put("rolloutStateReason", deployment.path("rolloutStateReason").asText());
        return out;
    }

    static String taskDefinitionArn(EcsArns arns, String familyRevision) {
        int colon = familyRevision.lastIndexOf(':');
        return arns.taskDefinition(familyRevision.substring(0, colon), Long.parseLong(familyRevision.substring(colon + 1)));
    }

    private static JsonNode epochSeconds(long millis) {
        return AwsJson.epochSeconds(Instant.ofEpochMilli(millis));
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }
}
