package dev.berth.ecs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.service.rollout.Deployment;
import dev.berth.ecs.service.rollout.ProviderShare;
import dev.berth.ecs.service.rollout.RolloutState;
import dev.berth.ecs.service.rollout.ServiceSpec;
import dev.berth.ecs.service.rollout.ServiceState;
import dev.berth.store.Record;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A service as stored (kind {@code ecs.service}, id {@code cluster/serviceName}): what the user
 * asked (CreateService and UpdateService write it) and what the service scheduler keeps (its
 * deployments, counts, events and the ids of the tasks it started, which it writes in the same
 * transaction as the tasks themselves). Timestamps are epoch milliseconds. Mutable view over one
 * read; not thread-safe.
 *
 * <pre>
 * {"serviceName", "cluster", "status": ACTIVE|DRAINING|INACTIVE, "schedulingStrategy", "desiredCount",
 *  "launchType", "capacityProviderStrategy", "deploymentConfiguration", "placementConstraints",
 *  "placementStrategy", "loadBalancers", "serviceRegistries", "networkConfiguration",
 *  "healthCheckGracePeriodSeconds", "propagateTags", "enableECSManagedTags", "enableExecuteCommand",
 *  "tags", "createdAt", "creation" (the CreateService request, for idempotency),
 *  "deployments": [{"id", "taskDefinition": "family:revision", "providers", "rolloutState",
 *                   "rolloutStateReason", "failedTasks", "desiredCount", "runningCount", "pendingCount",
 *                   "createdAt", "updatedAt"}],
 *  "lastCompleted", "steadyAnnounced", "runningCount", "pendingCount", "throttle",
 *  "taskIds": [..], "events": [{"id", "createdAt", "message"}] newest first}
 * </pre>
 */
public final class ServiceRecord {
    static final int MAX_EVENTS = 100;

    private final Record record;
    private final ObjectNode body;

    public ServiceRecord(Record record) {
        this.record = record;
        this.body = Json.body(record);
    }

    public static String id(String cluster, String serviceName) {
        return EcsKinds.inCluster(cluster, serviceName);
    }

    public Record record() {
        return record;
    }

    public ObjectNode body() {
        return body;
    }

    public String name() {
        return body.path("serviceName").asText();
    }

    public String cluster() {
        return body.path("cluster").asText();
    }

    public String status() {
        return body.path("status").asText();
    }

    public boolean daemon() {
        return body.path("schedulingStrategy").asText().equals("DAEMON");
    }

    /** The group its tasks belong to, as ECS names it. */
    public String group() {
        return "service:" + name();
    }

    public ServiceSpec spec() {
        JsonNode configuration = body.path("deploymentConfiguration");
        JsonNode breaker = configuration.path("deploymentCircuitBreaker");
        return new ServiceSpec(name(), daemon(), body.path("desiredCount").asInt(0),
                configuration.path("minimumHealthyPercent").asInt(), configuration.path("maximumPercent").asInt(),
                breaker.path("enable").asBoolean(false), breaker.path("rollback").asBoolean(false),
                Duration.ofSeconds(body.path("healthCheckGracePeriodSeconds").asLong(0)), !status().equals("ACTIVE"));
    }

    public ServiceState state() {
        List<Deployment> deployments = new ArrayList<>();
        body.path("deployments").forEach(node -> deployments.add(deployment(node)));
        JsonNode throttle = body.path("throttle");
        return new ServiceState(deployments, body.hasNonNull("lastCompleted") ? deployment(body.get("lastCompleted")) : null,
                body.path("steadyAnnounced").asBoolean(false), body.path("runningCount").asInt(0),
                body.path("pendingCount").asInt(0), throttle.isObject()
                        ? new ServiceState.Throttle(throttle.path("deploymentId").asText(), throttle.path("failures").asInt(),
                        Instant.ofEpochMilli(throttle.path("notBefore").asLong()))
                        : null);
    }

    public void setState(ServiceState state) {
        ArrayNode deployments = body.putArray("deployments");
        state.deployments().forEach(deployment -> deployments.add(json(deployment)));
        if (state.lastCompleted() == null) {
            body.remove("lastCompleted");
        } else {
            body.set("lastCompleted", json(state.lastCompleted()));
        }
        body.put("steadyAnnounced", state.steadyAnnounced());
        body.put("runningCount", state.runningCount());
        body.put("pendingCount", state.pendingCount());
        if (state.throttle() == null) {
            body.remove("throttle");
        } else {
            body.putObject("throttle").put("deploymentId", state.throttle().deploymentId())
                    .put("failures", state.throttle().failures())
                    .put("notBefore", state.throttle().notBefore().toEpochMilli());
        }
    }

    public List<String> taskIds() {
        List<String> ids = new ArrayList<>();
        body.path("taskIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    public void setTaskIds(List<String> ids) {
        ArrayNode list = body.putArray("taskIds");
        ids.forEach(list::add);
    }

    /** Adds an event, newest first; the oldest beyond 100 go. */
    public void addEvent(String id, Instant at, String message) {
        ArrayNode events = body.withArray("events");
        ObjectNode event = Json.object().put("id", id).put("createdAt", at.toEpochMilli()).put("message", message);
        events.insert(0, event);
        while (events.size() > MAX_EVENTS) {
            events.remove(events.size() - 1);
        }
    }

    /** Whether the same message was posted since {@code since}: ECS holds back repeats of a complaint for six hours. */
    public boolean postedSince(String message, Instant since) {
        for (JsonNode event : body.path("events")) {
            if (event.path("createdAt").asLong() < since.toEpochMilli()) {
                return false;
            }
            if (event.path("message").asText().equals(message)) {
                return true;
            }
        }
        return false;
    }

    public List<ProviderShare> capacityProviders() {
        return providers(body.path("capacityProviderStrategy"));
    }

    static List<ProviderShare> providers(JsonNode strategy) {
        List<ProviderShare> shares = new ArrayList<>();
        strategy.forEach(entry -> shares.add(new ProviderShare(entry.path("capacityProvider").asText(),
                entry.path("base").asInt(0), entry.path("weight").asInt(0))));
        return shares;
    }

    static ArrayNode providersJson(List<ProviderShare> shares) {
        ArrayNode list = Json.object().arrayNode();
        shares.forEach(share -> list.addObject().put("capacityProvider", share.provider()).put("base", share.base())
                .put("weight", share.weight()));
        return list;
    }

    static Deployment deployment(JsonNode node) {
        return new Deployment(node.path("id").asText(), node.path("taskDefinition").asText(), providers(node.path("providers")),
                RolloutState.valueOf(node.path("rolloutState").asText()), node.path("rolloutStateReason").asText(),
                node.path("failedTasks").asInt(), node.path("desiredCount").asInt(), node.path("runningCount").asInt(),
                node.path("pendingCount").asInt(), Instant.ofEpochMilli(node.path("createdAt").asLong()),
                Instant.ofEpochMilli(node.path("updatedAt").asLong()));
    }

    static ObjectNode json(Deployment deployment) {
        ObjectNode node = Json.object();
        node.put("id", deployment.id());
        node.put("taskDefinition", deployment.taskDefinition());
        node.set("providers", providersJson(deployment.providers()));
        node.put("rolloutState", deployment.rollout().name());
        node.put("rolloutStateReason", deployment.rolloutReason());
        node.put("failedTasks", deployment.failedTasks());
        node.put("desiredCount", deployment.desiredCount());
        node.put("runningCount", deployment.runningCount());
        node.put("pendingCount", deployment.pendingCount());
        node.put("createdAt", deployment.createdAt().toEpochMilli());
        node.put("updatedAt", deployment.updatedAt().toEpochMilli());
        return node;
    }
}
