package dev.berth.ecs.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.arn.EcsArns;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.cluster.ClusterReference;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.FilteredScan;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.common.PageToken;
import dev.berth.ecs.task.TaskStopper;
import dev.berth.scheduler.query.Expression;
import dev.berth.scheduler.query.QueryException;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RegisterContainerInstance, DeregisterContainerInstance, DescribeContainerInstances,
 * ListContainerInstances and UpdateContainerInstancesState. Berth's own agents join through the
 * agent endpoint; RegisterContainerInstance is here for clients that speak ECS. Thread-safe.
 */
public final class ContainerInstanceOperations {
    private static final int WRITE_ATTEMPTS = 10;

    private final Store store;
    private final ClusterOperations clusters;
    private final InstanceRegistry registry;
    private final TaskStopper stopper;

    public ContainerInstanceOperations(Store store, ClusterOperations clusters, InstanceRegistry registry,
                                       TaskStopper stopper) {
        this.store = store;
        this.clusters = clusters;
        this.registry = registry;
        this.stopper = stopper;
    }

    public JsonNode register(RequestContext context, ObjectNode input) {
        String cluster = ClusterReference.name(Json.string(input, "cluster"));
        int cpu = 0;
        int memory = 0;
        List<Integer> tcp = new ArrayList<>();
        List<Integer> udp = new ArrayList<>();
        for (JsonNode resource : input.path("totalResources")) {
            switch (resource.path("name").asText()) {
                case "CPU" -> cpu = resource.path("integerValue").asInt();
                case "MEMORY" -> memory = resource.path("integerValue").asInt();
                case "PORTS" -> resource.path("stringSetValue").forEach(port -> tcp.add(port.asInt()));
                case "PORTS_UDP" -> resource.path("stringSetValue").forEach(port -> udp.add(port.asInt()));
                default -> {
                    // other resources (GPU) are not scheduled by Berth yet
                }
            }
        }
        Map<String, String> attributes = new HashMap<>();
        input.path("attributes").forEach(a -> attributes.put(a.path("name").asText(), a.path("value").asText("")));
        String existing = input.hasNonNull("containerInstanceArn")
                ? InstanceReference.instanceId(input.get("containerInstanceArn").asText()) : null;
        InstanceRecord instance = registry.register(new InstanceRegistration(cluster, existing,
                Json.string(input.path("versionInfo"), "agentHash"), cpu, memory, tcp, udp, attributes,
                input.path("versionInfo").path("agentVersion").asText("unknown"),
                input.path("versionInfo").path("dockerVersion").asText("unknown"), "ON_DEMAND"), context.receivedAt(), null);
        ObjectNode output = Json.object();
        output.set("containerInstance", render(context, instance, Set.of("TAGS")));
        return output;
    }

    public JsonNode deregister(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String instanceId = InstanceReference.instanceId(Json.string(input, "containerInstance"));
        boolean force = input.path("force").asBoolean(false);
        InstanceRecord current = find(cluster, instanceId).filter(i -> !i.status().equals("INACTIVE"))
                .orElseThrow(() -> EcsErrors.invalidParameter("The referenced container instance "
                        + instanceId + " was not found in cluster " + cluster + "."));
        if (!force && TaskCounts.of(store, cluster, instanceId).active() > 0) {
            throw EcsErrors.invalidParameter("Found running tasks on the instance. Stop them first, or deregister with force.");
        }
        stopper.stopAllOn(cluster, instanceId, "TerminationNotice",
                "Container instance " + instanceId + " was deregistered.", context.receivedAt());
        InstanceRecord deregistered = update(cluster, instanceId, (instance, changeIndex) -> {
            instance.body().put("status", "INACTIVE");
            instance.body().put("agentConnected", false);
            instance.body().put("statusIndex", changeIndex);
            instance.body().remove("tokenHash");
            instance.bumpVersion();
        });
        ObjectNode output = Json.object();
        output.set("containerInstance", render(context, deregistered, Set.of()));
        return output;
    }

    public JsonNode describe(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        JsonNode references = input.path("containerInstances");
        if (references.size() > 100) {
            throw EcsErrors.invalidParameter("containerInstances may name at most 100 instances; got " + references.size() + ".");
        }
        Set<String> include = includes(input);
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("containerInstances");
        ArrayNode failures = output.putArray("failures");
        for (JsonNode reference : references) {
            String instanceId = InstanceReference.instanceId(reference.asText());
            Optional<InstanceRecord> instance = find(cluster, instanceId);
            if (instance.isPresent()) {
                found.add(render(context, instance.get(), include));
            } else {
                failures.addObject().put("arn", arns.containerInstance(cluster, instanceId)).put("reason", "MISSING");
            }
        }
        return output;
    }

    public JsonNode list(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String status = Json.string(input, "status");
        Expression filter = parseFilter(Json.string(input, "filter"));
        int size = PageToken.pageSize(Json.integer(input, "maxResults"), 100);
        ListQuery query = ListQuery.prefix(EcsKinds.CONTAINER_INSTANCE, cluster + "/", size)
                .after(PageToken.decode("ListContainerInstances", Json.string(input, "nextToken")));
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("containerInstanceArns");
        FilteredScan.Page page = FilteredScan.page(store, query, size, record -> {
            InstanceRecord instance = new InstanceRecord(record);
            boolean statusMatches = status == null ? !instance.status().equals("INACTIVE") : instance.status().equals(status);
            return statusMatches && (filter == null || filter.matches(PlacementView.of(store, instance)));
        }, record -> found.add(arns.containerInstance(cluster, new InstanceRecord(record).instanceId())));
        page.nextToken("ListContainerInstances").ifPresent(token -> output.put("nextToken", token));
        return output;
    }

    public JsonNode updateState(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String status = Json.string(input, "status");
        if (!"ACTIVE".equals(status) && !"DRAINING".equals(status)) {
            throw EcsErrors.invalidParameter("status must be ACTIVE or DRAINING; got '" + status + "'.");
        }
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode updated = output.putArray("containerInstances");
        ArrayNode failures = output.putArray("failures");
        JsonNode references = input.path("containerInstances");
        if (references.size() > 10) {
            throw EcsErrors.invalidParameter("containerInstances may name at most 10 instances; got " + references.size() + ".");
        }
        for (JsonNode reference : references) {
            String instanceId = InstanceReference.instanceId(reference.asText());
            if (find(cluster, instanceId).filter(i -> !i.status().equals("INACTIVE")).isEmpty()) {
                failures.addObject().put("arn", arns.containerInstance(cluster, instanceId)).put("reason", "MISSING");
                continue;
            }
            InstanceRecord instance = update(cluster, instanceId, (current, changeIndex) -> {
                if (!current.status().equals(status)) {
                    current.body().put("status", status);
                    current.body().put("statusIndex", changeIndex);
                    current.bumpVersion();
                }
            });
            updated.add(render(context, instance, Set.of()));
        }
        return output;
    }

    Optional<InstanceRecord> find(String cluster, String instanceId) {
        return store.get(EcsKinds.CONTAINER_INSTANCE, InstanceRecord.id(cluster, instanceId)).map(InstanceRecord::new);
    }

    /** Changes an instance in a retried transaction; the change receives the transaction's index. */
    InstanceRecord update(String cluster, String instanceId, java.util.function.ObjLongConsumer<InstanceRecord> change) {
        return store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            InstanceRecord instance = tx.get(EcsKinds.CONTAINER_INSTANCE, InstanceRecord.id(cluster, instanceId))
                    .map(InstanceRecord::new)
                    .orElseThrow(() -> new ApiException(EcsErrors.INVALID_PARAMETER, "Container instance " + instanceId
                            + " not found."));
            change.accept(instance, tx.changeIndex());
            Record written = tx.put(EcsKinds.CONTAINER_INSTANCE, instance.record().id(), Json.text(instance.body()),
                    instance.record().version());
            return new InstanceRecord(written);
        });
    }

    static Expression parseFilter(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Expression.parse(text);
        } catch (QueryException e) {
            throw EcsErrors.invalidParameter("filter: " + e.getMessage());
        }
    }

    private static Set<String> includes(ObjectNode input) {
        Set<String> include = new HashSet<>();
        input.path("include").forEach(value -> include.add(value.asText()));
        return include;
    }

    ObjectNode render(RequestContext context, InstanceRecord instance, Set<String> include) {
        ObjectNode body = instance.body();
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        TaskCounts counts = TaskCounts.of(store, instance.cluster(), instance.instanceId());
        ObjectNode out = Json.object();
        out.put("containerInstanceArn", arns.containerInstance(instance.cluster(), instance.instanceId()));
        out.put("ec2InstanceId", body.path("ec2InstanceId").asText());
        out.put("version", body.path("version").asLong());
        out.set("versionInfo", body.path("versionInfo"));
        out.set("remainingResources", resources(body.path("remaining")));
        out.set("registeredResources", resources(body.path("registered")));
        out.put("status", instance.status());
        out.put("agentConnected", instance.agentConnected());
        out.put("runningTasksCount", counts.running());
        out.put("pendingTasksCount", counts.pending());
        ArrayNode attributes = out.putArray("attributes");
        instance.attributes().forEach((name, value) -> {
            ObjectNode attribute = attributes.addObject().put("name", name);
            if (!value.isEmpty()) {
                attribute.put("value", value);
            }
        });
        out.set("registeredAt", AwsJson.epochSeconds(Instant.ofEpochMilli(body.path("registeredAt").asLong())));
        out.putArray("attachments");
        if (include.contains("TAGS")) {
            out.set("tags", body.path("tags"));
        }
        if (include.contains("CONTAINER_INSTANCE_HEALTH")) {
            ObjectNode health = out.putObject("healthStatus");
            boolean ok = instance.agentConnected();
            health.put("overallStatus", ok ? "OK" : "IMPAIRED");
            ObjectNode detail = health.putArray("details").addObject();
            detail.put("type", "CONTAINER_RUNTIME");
            detail.put("status", ok ? "OK" : "IMPAIRED");
            detail.set("lastUpdated", AwsJson.epochSeconds(Instant.ofEpochMilli(body.path("lastHeartbeatAt").asLong())));
        }
        return out;
    }

    private static ArrayNode resources(JsonNode resources) {
        ArrayNode list = Json.object().arrayNode();
        integer(list, "CPU", resources.path("cpu").asInt());
        integer(list, "MEMORY", resources.path("memory").asInt());
        stringSet(list, "PORTS", resources.path("tcpPorts"));
        stringSet(list, "PORTS_UDP", resources.path("udpPorts"));
        return list;
    }

    private static void integer(ArrayNode list, String name, int value) {
        list.addObject().put("name", name).put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", value);
    }

    private static void stringSet(ArrayNode list, String name, JsonNode ports) {
        ObjectNode resource = list.addObject().put("name", name).put("type", "STRINGSET").put("doubleValue", 0.0)
                .put("longValue", 0).put("integerValue", 0);
        ArrayNode values = resource.putArray("stringSetValue");
        ports.forEach(port -> values.add(port.asText()));
    }
}
