package dev.berth.agent.core;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * An agent's configuration, checked on construction.
 *
 * @param server the control plane's endpoint (http://host:7700)
 * @param cluster the cluster to join
 * @param dataDir where the registration is kept
 * @param attributes custom attributes, name → value
 * @param capacityType ON_DEMAND or SPOT
 * @param availabilityZone the value of ecs.availability-zone
 * @param reservedMemoryMiB memory kept for the host itself, not offered to tasks
 * @param dockerHost the engine's address, or null for DOCKER_HOST or the default socket
 * @param settings how tasks are run
 */
public record AgentConfig(URI server, String cluster, Path dataDir, Map<String, String> attributes, String capacityType,
                          String availabilityZone, int reservedMemoryMiB, String dockerHost, AgentSettings settings) {
    public AgentConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dataDir, "dataDir");
        attributes = Map.copyOf(attributes);
        if (!capacityType.equals("ON_DEMAND") && !capacityType.equals("SPOT")) {
            throw new IllegalArgumentException("--capacity-type must be ON_DEMAND or SPOT; got " + capacityType);
        }
        if (reservedMemoryMiB < 0) {
            throw new IllegalArgumentException("the reserved memory cannot be negative");
        }
        attributes.keySet().forEach(name -> {
            if (name.startsWith("ecs.")) {
                throw new IllegalArgumentException("--attribute " + name + ": ecs.* attributes are the agent's own");
            }
        });
    }
}
