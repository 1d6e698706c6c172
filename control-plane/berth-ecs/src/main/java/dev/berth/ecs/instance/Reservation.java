package dev.berth.ecs.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task holds on its instance from placement until it stops: CPU units, MiB, fixed host
 * ports, and a count in its group. Stored in the task record so exactly this is given back.
 */
public record Reservation(String group, int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts) {
    public Reservation {
        tcpPorts = List.copyOf(tcpPorts);
        udpPorts = List.copyOf(udpPorts);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("group", group).put("cpu", cpu).put("memory", memory);
        tcpPorts.forEach(json.putArray("tcpPorts")::add);
        udpPorts.forEach(json.putArray("udpPorts")::add);
        return json;
    }

    public static Reservation fromJson(JsonNode json) {
        return new Reservation(json.path("group").asText(), json.path("cpu").asInt(), json.path("memory").asInt(),
                ints(json.path("tcpPorts")), ints(json.path("udpPorts")));
    }

    private static List<Integer> ints(JsonNode list) {
        List<Integer> values = new ArrayList<>();
        list.forEach(value -> values.add(value.asInt()));
        return values;
    }
}
