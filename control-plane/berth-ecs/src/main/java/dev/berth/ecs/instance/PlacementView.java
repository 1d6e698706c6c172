package dev.berth.ecs.instance;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import dev.berth.scheduler.cluster.Protocol;
import dev.berth.store.Store;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An instance record as the scheduler and the cluster query language see it. */
public final class PlacementView {
    private PlacementView() {
    }

    /** With task counts read from the store, for the query language's runningTasksCount and pendingTasksCount. */
    public static Instance of(Store store, InstanceRecord instance) {
        return of(instance, TaskCounts.of(store, instance.cluster(), instance.instanceId()));
    }

    public static Instance of(InstanceRecord instance, TaskCounts counts) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ec2InstanceId", instance.body().path("ec2InstanceId").asText());
        fields.put("registeredAt", Instant.ofEpochMilli(instance.body().path("registeredAt").asLong()).toString());
        fields.put("runningTasksCount", Integer.toString(counts.running()));
        fields.put("pendingTasksCount", Integer.toString(counts.pending()));
        fields.put("agentConnected", Boolean.toString(instance.agentConnected()));
        fields.put("agentVersion", instance.body().path("versionInfo").path("agentVersion").asText());
        fields.put("dockerVersion", instance.body().path("versionInfo").path("dockerVersion").asText());
        fields.put("status", instance.status());
        Set<Port> reserved = new HashSet<>();
        instance.reservedPorts("tcp").forEach(port -> reserved.add(new Port(port, Protocol.TCP)));
        instance.reservedPorts("udp").forEach(port -> reserved.add(new Port(port, Protocol.UDP)));
        return new Instance(instance.instanceId(), instance.attributes(), fields, instance.remainingCpu(),
                instance.remainingMemory(), reserved, instance.tasksByGroup());
    }
}
