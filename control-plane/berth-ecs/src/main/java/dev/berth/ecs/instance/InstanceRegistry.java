package dev.berth.ecs.instance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.time.Instant;
import java.util.Optional;

/**
 * Joins hosts to clusters as container instances, and resumes them: an agent that restarts
 * presents the id it had and keeps its instance (and the tasks on it). Thread-safe.
 */
public final class InstanceRegistry {
    private static final int WRITE_ATTEMPTS = 10;

    private final Store store;
    private final ClusterOperations clusters;
    private final IdGenerator ids;

    public InstanceRegistry(Store store, ClusterOperations clusters, IdGenerator ids) {
        this.store = store;
        this.clusters = clusters;
        this.ids = ids;
    }

    /**
     * @param tokenHash the SHA-256 of the agent's new token (hex), or null to leave none
     * @return the instance as stored
     */
    public InstanceRecord register(InstanceRegistration registration, Instant now, String tokenHash) {
        clusters.requireActive(registration.cluster());
        return store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            Optional<InstanceRecord> existing = Optional.ofNullable(registration.existingInstanceId())
                    .flatMap(id -> tx.get(EcsKinds.CONTAINER_INSTANCE, InstanceRecord.id(registration.cluster(), id)))
                    .map(InstanceRecord::new)
                    .filter(instance -> !instance.status().equals("INACTIVE"));
            ObjectNode body;
            String instanceId;
            long expectedVersion;
            if (existing.isPresent()) {
                InstanceRecord instance = existing.get();
                body = instance.body();
                instanceId = instance.instanceId();
                expectedVersion = instance.record().version();
                resize(body, registration);
            } else {
                instanceId = ids.newId();
                expectedVersion = 0;
                body = Json.object();
                body.put("containerInstanceId", instanceId);
                body.put("cluster", registration.cluster());
                body.put("ec2InstanceId", "mi-" + instanceId.substring(0, 17));
                body.put("status", "ACTIVE");
                body.put("registeredAt", now.toEpochMilli());
                body.putObject("tasksByGroup");
                body.putArray("tags");
                body.set("registered", resources(registration));
                body.set("remaining", resources(registration));
            }
            body.put("hostname", registration.hostname());
            body.put("capacityType", registration.capacityType() == null ? "ON_DEMAND" : registration.capacityType());
            ObjectNode attributes = body.putObject("attributes");
            registration.attributes().forEach(attributes::put);
            ObjectNode versionInfo = body.putObject("versionInfo");
            versionInfo.put("agentVersion", registration.agentVersion());
            versionInfo.put("agentHash", "berth");
            versionInfo.put("dockerVersion", registration.dockerVersion());
            body.put("agentConnected", true);
            body.put("lastHeartbeatAt", now.toEpochMilli());
            body.remove("disconnectedAt");
            body.put("statusIndex", tx.changeIndex());
            if (tokenHash != null) {
                body.put("tokenHash", tokenHash);
            }
            body.put("version", body.path("version").asLong(0) + 1);
            Record written = tx.put(EcsKinds.CONTAINER_INSTANCE, InstanceRecord.id(registration.cluster(), instanceId),
                    Json.text(body), expectedVersion);
            return new InstanceRecord(written);
        });
    }

    /** A resumed instance may come back with more or less capacity: what is reserved stays reserved. */
    private static void resize(ObjectNode body, InstanceRegistration registration) {
        ObjectNode registered = (ObjectNode) body.get("registered");
        ObjectNode remaining = (ObjectNode) body.get("remaining");
        remaining.put("cpu", remaining.path("cpu").asInt() + registration.cpu() - registered.path("cpu").asInt());
        remaining.put("memory", remaining.path("memory").asInt() + registration.memory() - registered.path("memory").asInt());
        for (String protocol : new String[] {"tcp", "udp"}) {
            var reserved = InstanceRecord.ports(remaining.path(protocol + "Ports"));
            reserved.removeAll(InstanceRecord.ports(registered.path(protocol + "Ports")));
            reserved.addAll(protocol.equals("tcp") ? registration.tcpPorts() : registration.udpPorts());
            ArrayNode list = remaining.putArray(protocol + "Ports");
            reserved.forEach(list::add);
        }
        body.set("registered", resources(registration));
    }

    private static ObjectNode resources(InstanceRegistration registration) {
        if (registration.cpu() < 0 || registration.memory() < 0) {
            throw EcsErrors.invalidParameter("A container instance cannot offer negative CPU or memory.");
        }
        ObjectNode resources = Json.object();
        resources.put("cpu", registration.cpu());
        resources.put("memory", registration.memory());
        registration.tcpPorts().stream().sorted().forEach(resources.putArray("tcpPorts")::add);
        registration.udpPorts().stream().sorted().forEach(resources.putArray("udpPorts")::add);
        return resources;
    }
}
