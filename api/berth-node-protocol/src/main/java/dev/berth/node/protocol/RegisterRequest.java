package dev.berth.node.protocol;

import java.util.List;
import java.util.Map;

/**
 * An agent asks to join a cluster as a container instance, or to resume as the one it was.
 *
 * @param cluster the cluster name
 * @param containerInstanceId the id it had before, to resume; null for a new instance
 * @param hostname the host's name, for people
 * @param cpu CPU units the host offers (cores × 1024)
 * @param memory MiB the host offers to tasks (total minus the reservation for the host itself)
 * @param reservedTcpPorts host TCP ports tasks must not use (SSH, Docker, ports in use)
 * @param reservedUdpPorts host UDP ports tasks must not use
 * @param attributes ECS attributes, name → value ("" for a name-only attribute)
 * @param agentVersion this agent's version
 * @param dockerVersion the Docker Engine's version
 * @param capacityType ON_DEMAND or SPOT
 */
public record RegisterRequest(String cluster, String containerInstanceId, String hostname, int cpu, int memory,
                              List<Integer> reservedTcpPorts, List<Integer> reservedUdpPorts,
                              Map<String, String> attributes, String agentVersion, String dockerVersion,
                              String capacityType) {
}
