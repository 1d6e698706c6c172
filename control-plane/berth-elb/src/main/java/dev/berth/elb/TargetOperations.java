package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.lb.config.TargetHealth;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RegisterTargets, DeregisterTargets and DescribeTargetHealth, and the same registrations for
 * ECS services. A target is keyed by id and port, as on ELB. Its record holds where the data
 * plane connects ({@code _host}: the container instance's address for instance targets, the IP
 * itself for ip targets), whether it is registered or draining, and the health the data plane
 * last reported. A drained target's record is deleted.
 */
public final class TargetOperations {
    /** The container-instance attribute an agent advertises its reachable address in. */
    public static final String ADDRESS_ATTRIBUTE = "berth.address";
    static final int MAX_TARGETS = 1000;
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+");

    private final Store store;

    public TargetOperations(Store store) {
        this.store = store;
    }

    public JsonNode registerTargets(RequestContext context, ObjectNode input) {
        String arn = input.get("TargetGroupArn").asText();
        Instant now = context.receivedAt();
        store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record group = resources.targetGroup(arn);
            ObjectNode groupBody = Json.body(group);
            boolean inUse = resources.loadBalancersByTargetGroup().containsKey(arn);
            for (JsonNode target : input.get("Targets")) {
                String id = target.path("Id").asText();
                int port = target.has("Port") ? target.get("Port").asInt() : groupBody.path("Port").asInt();
                String host = hostOf(tx, groupBody.path("TargetType").asText(), id);
                register(tx, group, id, port, host, null, inUse, now);
            }
            if (resources.all(ElbKinds.TARGET, group.id() + "/").size() > MAX_TARGETS) {
                throw new ApiException(ElbErrors.TOO_MANY_TARGETS, "A target group may have at most " + MAX_TARGETS
                        + " targets.");
            }
            return null;
        });
        return null;
    }

    public JsonNode deregisterTargets(RequestContext context, ObjectNode input) {
        String arn = input.get("TargetGroupArn").asText();
        store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            Record group = ElbResources.of(tx).targetGroup(arn);
            int groupPort = Json.body(group).path("Port").asInt();
            for (JsonNode target : input.get("Targets")) {
                int port = target.has("Port") ? target.get("Port").asInt() : groupPort;
                // a target that is not registered deregisters successfully, as ELB's documentation says
                tx.get(ElbKinds.TARGET, ElbKinds.targetId(group.id(), target.path("Id").asText(), port))
                        .ifPresent(record -> drain(tx, record, context.receivedAt()));
            }
            return null;
        });
        return null;
    }

    public JsonNode describeTargetHealth(RequestContext context, ObjectNode input) {
        ElbResources resources = ElbResources.of(store);
        Record group = resources.targetGroup(input.get("TargetGroupArn").asText());
        ObjectNode groupBody = Json.body(group);
        ObjectNode output = Json.object();
        ArrayNode list = output.putArray("TargetHealthDescriptions");
        if (input.has("Targets")) {
            for (JsonNode target : input.get("Targets")) {
                String id = target.path("Id").asText();
                int port = target.has("Port") ? target.get("Port").asInt() : groupBody.path("Port").asInt();
                Optional<Record> found = resources.get(ElbKinds.TARGET, ElbKinds.targetId(group.id(), id, port));
                if (found.isPresent()) {
                    list.add(describe(groupBody, Json.body(found.get())));
                } else {
                    ObjectNode entry = list.addObject();
                    entry.putObject("Target").put("Id", id).put("Port", port);
                    entry.put("HealthCheckPort", healthCheckPort(groupBody, port));
                    entry.putObject("TargetHealth").put("State", "unused").put("Reason", "Target.NotRegistered")
                            .put("Description", "Target is not registered to the target group");
                }
            }
        } else {
            resources.all(ElbKinds.TARGET, group.id() + "/").forEach(record -> list.add(describe(groupBody,
                    Json.body(record))));
        }
        return output;
    }

    private static ObjectNode describe(ObjectNode group, ObjectNode target) {
        ObjectNode entry = Json.object();
        ObjectNode described = entry.putObject("Target");
        described.put("Id", target.path("Id").asText());
        described.put("Port", target.path("Port").asInt());
        entry.put("HealthCheckPort", healthCheckPort(group, target.path("Port").asInt()));
        ObjectNode health = entry.putObject("TargetHealth");
        JsonNode stored = target.path("_health");
        health.put("State", stored.path("State").asText("initial"));
        if (stored.hasNonNull("Reason")) {
            health.put("Reason", stored.get("Reason").asText());
            health.put("Description", stored.path("Description").asText());
        }
        return entry;
    }

    private static String healthCheckPort(ObjectNode group, int targetPort) {
        String port = group.path("HealthCheckPort").asText("traffic-port");
        return port.equals("traffic-port") ? Integer.toString(targetPort) : port;
    }

    /** Where the data plane reaches a target: an ip target is its id; an instance target is a container instance's address. */
    static String hostOf(Transaction tx, String targetType, String id) {
        if (targetType.equals("ip")) {
            if (!IP.matcher(id).matches() || !RuleParts.validCidr(id + "/0")) {
                throw new ApiException(ElbErrors.INVALID_TARGET, "The IP address '" + id + "' is not valid.");
            }
            return id;
        }
        List<Record> instances = new ArrayList<>();
        ListQuery.all(EcsKinds.CONTAINER_INSTANCE, 500).scan(tx::list, instances::add);
        for (Record record : instances) {
            InstanceRecord instance = new InstanceRecord(record);
            if ((id.equals(instance.body().path("ec2InstanceId").asText()) || id.equals(instance.instanceId()))
                    && !instance.status().equals("INACTIVE")) {
                return addressOf(instance);
            }
        }
        throw new ApiException(ElbErrors.INVALID_TARGET, "The following targets are not in a running state and cannot be "
                + "registered: '" + id + "'. Name a container instance's ec2InstanceId.");
    }

    static String addressOf(InstanceRecord instance) {
        return instance.attributes().getOrDefault(ADDRESS_ATTRIBUTE, "127.0.0.1");
    }

    /**
     * Registers a target, or brings a draining one back; a target that is registered already is
     * left as it is.
     *
     * @param task {@code cluster/taskId} for a target an ECS service registered, else null
     * @return whether anything was written
     */
    static boolean register(Transaction tx, Record group, String id, int port, String host, String task, boolean inUse,
                            Instant now) {
        String recordId = ElbKinds.targetId(group.id(), id, port);
        Optional<Record> existing = tx.get(ElbKinds.TARGET, recordId);
        if (existing.isPresent() && Json.body(existing.get()).path("_state").asText().equals("registered")) {
            return false;
        }
        ObjectNode body = Json.object();
        body.put("Id", id);
        body.put("Port", port);
        body.put("_host", host);
        body.put("_state", "registered");
        body.put("_registeredAt", now.toEpochMilli());
        body.put("_targetGroupArn", Json.body(group).path("TargetGroupArn").asText());
        if (task != null) {
            body.put("_task", task);
        }
        body.set("_health", health(inUse ? TargetHealth.REGISTERING : TargetHealth.NOT_IN_USE));
        tx.put(ElbKinds.TARGET, recordId, Json.text(body), existing.map(Record::version).orElse(0L));
        return true;
    }

    /** Starts draining a registered target; returns whether it was registered. */
    static boolean drain(Transaction tx, Record target, Instant now) {
        ObjectNode body = Json.body(target);
        if (!body.path("_state").asText().equals("registered")) {
            return false;
        }
        body.put("_state", "draining");
        body.put("_drainingSince", now.toEpochMilli());
        body.set("_health", health(TargetHealth.DRAINING));
        tx.put(ElbKinds.TARGET, target.id(), Json.text(body), target.version());
        return true;
    }

    static ObjectNode health(TargetHealth health) {
        ObjectNode node = Json.object();
        node.put("State", health.state().wire());
        if (health.reason() != null) {
            node.put("Reason", health.reason());
            node.put("Description", health.description());
        }
        return node;
    }
}
