package dev.berth.ecs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.arn.EcsArns;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Names;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.FilteredScan;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.common.PageToken;
import dev.berth.store.ConflictException;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CreateCluster, DescribeClusters, ListClusters, UpdateCluster, UpdateClusterSettings and
 * DeleteCluster. A cluster record holds what the caller configured; counts are computed from the
 * resources in the cluster when a cluster is described. A deleted cluster stays describable as
 * INACTIVE and can be created again. Stateless apart from the store; thread-safe.
 */
public final class ClusterOperations {
    private static final int WRITE_ATTEMPTS = 5;
    private static final Set<String> BUILT_IN_CAPACITY_PROVIDERS = Set.of("FARGATE", "FARGATE_SPOT");
    private static final Set<String> CONTAINER_INSIGHTS = Set.of("enhanced", "enabled", "disabled");

    private final Store store;

    public ClusterOperations(Store store) {
        this.store = store;
    }

    /** Creates the {@code default} cluster unless it exists; safe to call from every replica at start. */
    public void ensureDefaultCluster() {
        if (store.get(EcsKinds.CLUSTER, ClusterReference.DEFAULT).isPresent()) {
            return;
        }
        ObjectNode body = newCluster(ClusterReference.DEFAULT);
        try {
            store.write(tx -> tx.put(EcsKinds.CLUSTER, ClusterReference.DEFAULT, Json.text(body), 0));
        } catch (ConflictException createdByAnotherReplica) {
            // it exists now, which is all this asked for
        }
    }

    public JsonNode createCluster(RequestContext context, ObjectNode input) {
        String name = Names.require("clusterName",
                input.hasNonNull("clusterName") ? input.get("clusterName").asText() : ClusterReference.DEFAULT);
        Tags tags = Tags.parse(input.get("tags"), FieldPath.of("tags"));
        ArrayNode settings = mergeSettings(defaultSettings(), input.get("settings"));
        checkCapacityProviders(input);
        ObjectNode created = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            Optional<Record> existing = tx.get(EcsKinds.CLUSTER, name);
            if (existing.isPresent() && isActive(Json.body(existing.get()))) {
                return Json.body(existing.get()); // creating an existing cluster returns it, as ECS does
            }
            ObjectNode body = newCluster(name);
            body.set("settings", settings);
            copy(input, body, "configuration", "serviceConnectDefaults", "capacityProviders",
                    "defaultCapacityProviderStrategy");
            body.set("tags", tags.toJson());
            tx.put(EcsKinds.CLUSTER, name, Json.text(body), existing.map(Record::version).orElse(0L));
            return body;
        });
        ObjectNode output = Json.object();
        output.set("cluster", render(context, created, Set.of("SETTINGS", "TAGS", "CONFIGURATIONS"), null));
        return output;
    }

    public JsonNode describeClusters(RequestContext context, ObjectNode input) {
        List<String> references = strings(input.get("clusters"));
        if (references.isEmpty()) {
            references = List.of(ClusterReference.DEFAULT);
        }
        if (references.size() > 100) {
            throw EcsErrors.invalidParameter("clusters may name at most 100 clusters; got " + references.size() + ".");
        }
        Set<String> include = new HashSet<>(strings(input.get("include")));
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode clusters = output.putArray("clusters");
        ArrayNode failures = output.putArray("failures");
        for (String reference : references) {
            String name = ClusterReference.name(reference);
            Optional<Record> record = store.get(EcsKinds.CLUSTER, name);
            if (record.isPresent()) {
                Record found = record.get();
                clusters.add(render(context, Json.body(found), include, ClusterUsage.of(store, name)));
            } else {
                ObjectNode failure = failures.addObject();
                failure.put("arn", arns.cluster(name));
                failure.put("reason", "MISSING");
            }
        }
        return output;
    }

    public JsonNode listClusters(RequestContext context, ObjectNode input) {
        int size = PageToken.pageSize(Json.integer(input, "maxResults"), 100);
        String after = PageToken.decode("ListClusters", Json.string(input, "nextToken"));
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode clusterArns = output.putArray("clusterArns");
        FilteredScan.Page page = FilteredScan.page(store, ListQuery.all(EcsKinds.CLUSTER, size).after(after), size,
                record -> isActive(Json.body(record)),
                record -> clusterArns.add(arns.cluster(record.id())));
        page.nextToken("ListClusters").ifPresent(token -> output.put("nextToken", token));
        return output;
    }

    public JsonNode updateCluster(RequestContext context, ObjectNode input) {
        String name = ClusterReference.name(Json.string(input, "cluster"));
        ObjectNode updated = update(name, body -> {
            if (input.has("settings")) {
                body.set("settings", mergeSettings((ArrayNode) body.path("settings"), input.get("settings")));
            }
            copy(input, body, "configuration", "serviceConnectDefaults");
        });
        ObjectNode output = Json.object();
        output.set("cluster", render(context, updated, Set.of("SETTINGS", "CONFIGURATIONS", "TAGS"), null));
        return output;
    }

    public JsonNode updateClusterSettings(RequestContext context, ObjectNode input) {
        String name = ClusterReference.name(Json.string(input, "cluster"));
        ObjectNode updated = update(name,
                body -> body.set("settings", mergeSettings((ArrayNode) body.path("settings"), input.get("settings"))));
        ObjectNode output = Json.object();
        output.set("cluster", render(context, updated, Set.of("SETTINGS"), null));
        return output;
    }

    public JsonNode deleteCluster(RequestContext context, ObjectNode input) {
        String name = ClusterReference.name(Json.string(input, "cluster"));
        requireActive(name);
        ClusterUsage usage = ClusterUsage.of(store, name);
        if (usage.instances() > 0) {
            throw new ApiException(EcsErrors.CLUSTER_CONTAINS_INSTANCES,
                    "The Cluster cannot be deleted while Container Instances are active or draining.");
        }
        if (usage.activeServices() + usage.drainingServices() > 0) {
            throw new ApiException(EcsErrors.CLUSTER_CONTAINS_SERVICES,
                    "The Cluster cannot be deleted while Services are active.");
        }
        if (usage.runningTasks() + usage.pendingTasks() > 0) {
            throw new ApiException(EcsErrors.CLUSTER_CONTAINS_TASKS,
                    "The Cluster cannot be deleted while Tasks are active.");
        }
        ObjectNode deleted = update(name, body -> body.put("status", "INACTIVE"));
        ObjectNode output = Json.object();
        output.set("cluster", render(context, deleted, Set.of(), usage));
        return output;
    }

    /** The cluster's record body if it exists and is ACTIVE; ClusterNotFoundException otherwise. */
    public ObjectNode requireActive(String name) {
        return active(name).orElseThrow(ClusterOperations::notFound);
    }

    /** The name of the request's {@code cluster} (default when absent) after checking it is ACTIVE. */
    public String requireActive(ObjectNode input) {
        String name = ClusterReference.name(Json.string(input, "cluster"));
        requireActive(name);
        return name;
    }

    /** Tags of an ACTIVE cluster, for the tagging operations. */
    public Tags tags(String name) {
        ObjectNode body = active(name).orElseThrow(() ->
                new ApiException(EcsErrors.RESOURCE_NOT_FOUND, "The specified cluster is not found."));
        return Tags.parse(body.get("tags"), FieldPath.of("tags"));
    }

    public void setTags(String name, Tags tags) {
        update(name, body -> body.set("tags", tags.toJson()));
    }

    private Optional<ObjectNode> active(String name) {
        return store.get(EcsKinds.CLUSTER, name).map(Json::body).filter(ClusterOperations::isActive);
    }

    private static boolean isActive(JsonNode body) {
        return "ACTIVE".equals(body.path("status").asText());
    }

    private static ApiException notFound() {
        return new ApiException(EcsErrors.CLUSTER_NOT_FOUND, "Cluster not found.");
    }

    private ObjectNode update(String name, java.util.function.Consumer<ObjectNode> change) {
        return store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            Record record = tx.get(EcsKinds.CLUSTER, name)
                    .filter(found -> isActive(Json.body(found)))
                    .orElseThrow(ClusterOperations::notFound);
            ObjectNode body = Json.body(record);
            change.accept(body);
            tx.put(EcsKinds.CLUSTER, name, Json.text(body), record.version());
            return body;
        });
    }

    private static ObjectNode newCluster(String name) {
        ObjectNode body = Json.object();
        body.put("clusterName", name);
        body.put("status", "ACTIVE");
        body.set("settings", defaultSettings());
        body.putArray("capacityProviders");
        body.putArray("defaultCapacityProviderStrategy");
        body.putArray("tags");
        return body;
    }

    private static ArrayNode defaultSettings() {
        ArrayNode settings = Json.object().arrayNode();
        settings.addObject().put("name", "containerInsights").put("value", "disabled");
        return settings;
    }

    /** Settings merge by name: a given setting replaces the one of the same name. */
    private static ArrayNode mergeSettings(ArrayNode current, JsonNode given) {
        Map<String, String> merged = new LinkedHashMap<>();
        current.forEach(setting -> merged.put(setting.path("name").asText(), setting.path("value").asText()));
        for (int i = 0; given != null && i < given.size(); i++) {
            JsonNode setting = given.get(i);
            String value = setting.path("value").asText(null);
            if (!setting.hasNonNull("name")) {
                throw EcsErrors.invalidParameter("settings[" + i + "].name is required.");
            }
            if (value == null || !CONTAINER_INSIGHTS.contains(value)) {
                throw EcsErrors.invalidParameter("settings[" + i + "].value must be enhanced, enabled or disabled for "
                        + "containerInsights; got '" + value + "'.");
            }
            merged.put(setting.get("name").asText(), value);
        }
        ArrayNode settings = Json.object().arrayNode();
        merged.forEach((name, value) -> settings.addObject().put("name", name).put("value", value));
        return settings;
    }

    private static void checkCapacityProviders(ObjectNode input) {
        List<String> providers = strings(input.get("capacityProviders"));
        for (int i = 0; i < providers.size(); i++) {
            if (!BUILT_IN_CAPACITY_PROVIDERS.contains(providers.get(i))) {
                throw EcsErrors.invalidParameter("capacityProviders[" + i + "] names '" + providers.get(i)
                        + "', which is not a capacity provider of this account; the built-in ones are FARGATE and FARGATE_SPOT.");
            }
        }
        JsonNode strategy = input.get("defaultCapacityProviderStrategy");
        for (int i = 0; strategy != null && i < strategy.size(); i++) {
            String provider = strategy.get(i).path("capacityProvider").asText();
            if (!providers.contains(provider)) {
                throw EcsErrors.invalidParameter("defaultCapacityProviderStrategy[" + i + "].capacityProvider '" + provider
                        + "' must also be listed in capacityProviders.");
            }
        }
    }

    private ObjectNode render(RequestContext context, ObjectNode body, Set<String> include, ClusterUsage knownUsage) {
        String name = body.path("clusterName").asText();
        ClusterUsage usage = knownUsage != null ? knownUsage : ClusterUsage.of(store, name);
        ObjectNode cluster = Json.object();
        cluster.put("clusterArn", new EcsArns(context.region(), context.accountId()).cluster(name));
        cluster.put("clusterName", name);
        if (include.contains("CONFIGURATIONS") && body.has("configuration")) {
            cluster.set("configuration", body.get("configuration"));
        }
        cluster.put("status", body.path("status").asText());
        cluster.put("registeredContainerInstancesCount", usage.instances());
        cluster.put("runningTasksCount", usage.runningTasks());
        cluster.put("pendingTasksCount", usage.pendingTasks());
        cluster.put("activeServicesCount", usage.activeServices());
        ArrayNode statistics = cluster.putArray("statistics");
        if (include.contains("STATISTICS")) {
            statistic(statistics, "runningEC2TasksCount", usage.runningTasks());
            statistic(statistics, "runningFargateTasksCount", 0);
            statistic(statistics, "pendingEC2TasksCount", usage.pendingTasks());
            statistic(statistics, "pendingFargateTasksCount", 0);
            statistic(statistics, "activeEC2ServiceCount", usage.activeServices());
            statistic(statistics, "activeFargateServiceCount", 0);
            statistic(statistics, "drainingEC2ServiceCount", usage.drainingServices());
            statistic(statistics, "drainingFargateServiceCount", 0);
        }
        cluster.set("tags", include.contains("TAGS") ? body.path("tags") : Json.object().arrayNode());
        cluster.set("settings", include.contains("SETTINGS") ? body.path("settings") : Json.object().arrayNode());
        cluster.set("capacityProviders", body.path("capacityProviders"));
        cluster.set("defaultCapacityProviderStrategy", body.path("defaultCapacityProviderStrategy"));
        if (include.contains("ATTACHMENTS")) {
            cluster.putArray("attachments");
        }
        if (body.has("serviceConnectDefaults")) {
            cluster.set("serviceConnectDefaults", body.get("serviceConnectDefaults"));
        }
        return cluster;
    }

    private static void statistic(ArrayNode statistics, String name, int value) {
        statistics.addObject().put("name", name).put("value", Integer.toString(value));
    }

    private static void copy(ObjectNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.hasNonNull(field)) {
                to.set(field, from.get(field).deepCopy());
            }
        }
    }

    private static List<String> strings(JsonNode list) {
        if (list == null || !list.isArray()) {
            return List.of();
        }
        java.util.ArrayList<String> values = new java.util.ArrayList<>();
        list.forEach(value -> values.add(value.asText()));
        return values;
    }
}
