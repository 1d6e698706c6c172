package dev.berth.ecs.instance;

import java.util.List;
import java.util.Map;

/**
 * What a host offers when it joins a cluster, from Berth's agent or from ECS's
 * RegisterContainerInstance.
 *
 * @param cluster the cluster to join
 * @param existingInstanceId the instance to resume, or null
 * @param hostname the host's name
 * @param cpu CPU units
 * @param memory MiB for tasks
 * @param tcpPorts reserved host TCP ports
 * @param udpPorts reserved host UDP ports
 * @param attributes name → value
 * @param agentVersion the agent's version
 * @param dockerVersion the Docker Engine's version
 * @param capacityType ON_DEMAND or SPOT
 */
public record InstanceRegistration(String cluster, String existingInstanceId, String hostname, int cpu, int memory,
                                   List<Integer> tcpPorts, List<Integer> udpPorts, Map<String, String> attributes,
                                   String agentVersion, String dockerVersion, String capacityType) {
    public InstanceRegistration {
        tcpPorts = List.copyOf(tcpPorts);
        udpPorts = List.copyOf(udpPorts);
        attributes = Map.copyOf(attributes);
    }
}
