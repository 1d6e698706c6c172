package dev.berth.ecs.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.store.Record;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container instance as stored: an ObjectNode body with typed accessors. The body holds what
 * the agent registered, what is left for placement (remaining CPU and memory, reserved ports, task
 * counts per group — updated in the same transaction as each placement and release), and the
 * agent's connectivity. Mutable view over one read; not thread-safe.
 *
 * <pre>
 * {"containerInstanceId", "cluster", "hostname", "ec2InstanceId", "status", "agentConnected",
 *  "registered": {"cpu", "memory", "tcpPorts": [..], "udpPorts": [..]},
 *  "remaining":  {"cpu", "memory", "tcpPorts": [..], "udpPorts": [..]},
 *  "tasksByGroup": {"family:web": 2}, "attributes": {"ecs.os-type": "linux", ..},
 *  "versionInfo": {..}, "capacityType", "registeredAt" (ms), "lastHeartbeatAt" (ms),
 *  "disconnectedAt" (ms), "statusIndex", "tokenHash", "tags": [..], "version"}
 * </pre>
 */
public final class InstanceRecord {
    private final Record record;
    private final ObjectNode body;

    public InstanceRecord(Record record) {
        this.record = record;
        this.body = Json.body(record);
    }

    public static String id(String cluster, String instanceId) {
        return EcsKinds.inCluster(cluster, instanceId);
    }

    public Record record() {
        return record;
    }

    public ObjectNode body() {
        return body;
    }

    public String instanceId() {
        return body.path("containerInstanceId").asText();
    }

    public String cluster() {
        return body.path("cluster").asText();
    }

    public String status() {
        return body.path("status").asText();
    }

    public boolean agentConnected() {
        return body.path("agentConnected").asBoolean(false);
    }

    public int remainingCpu() {
        return body.path("remaining").path("cpu").asInt();
    }

    public int remainingMemory() {
        return body.path("remaining").path("memory").asInt();
    }

    public TreeSet<Integer> reservedPorts(String protocol) {
        return ports(body.path("remaining").path(protocol + "Ports"));
    }

    public Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        body.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return attributes;
    }

    public Map<String, Integer> tasksByGroup() {
        Map<String, Integer> groups = new LinkedHashMap<>();
        body.path("tasksByGroup").properties().forEach(e -> groups.put(e.getKey(), e.getValue().asInt()));
        return groups;
    }

    /** Takes a task's reservation out of what is left. */
    public void reserve(Reservation reservation) {
        adjust(reservation, -1);
    }

    /** Gives a stopped task's reservation back. */
    public void release(Reservation reservation) {
        adjust(reservation, +1);
    }

    private void adjust(Reservation reservation, int sign) {
        ObjectNode remaining = (ObjectNode) body.get("remaining");
        remaining.put("cpu", remainingCpu() + sign * reservation.cpu());
        remaining.put("memory", remainingMemory() + sign * reservation.memory());
        for (String protocol : new String[] {"tcp", "udp"}) {
            TreeSet<Integer> ports = reservedPorts(protocol);
            for (int port : protocol.equals("tcp") ? reservation.tcpPorts() : reservation.udpPorts()) {
                if (sign < 0) {
                    ports.add(port);
                } else {
                    ports.remove(port);
                }
            }
            ArrayNode list = remaining.putArray(protocol + "Ports");
            ports.forEach(list::add);
        }
        ObjectNode groups = body.with("tasksByGroup");
        int count = groups.path(reservation.group()).asInt(0) - sign;
        if (count > 0) {
            groups.put(reservation.group(), count);
        } else {
            groups.remove(reservation.group());
        }
        bumpVersion();
    }

    /** ECS's {@code version} of a container instance: it grows with every change users can see. */
    public void bumpVersion() {
        body.put("version", body.path("version").asLong(0) + 1);
    }

    static TreeSet<Integer> ports(JsonNode list) {
        TreeSet<Integer> ports = new TreeSet<>();
        list.forEach(port -> ports.add(port.asInt()));
        return ports;
    }
}
