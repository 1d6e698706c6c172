package dev.berth.agent.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What the engine says of a container now.
 *
 * @param id the container id
 * @param running whether it runs
 * @param everStarted whether it was ever started (an exited container was; a created one not)
 * @param exitCode once exited
 * @param oomKilled whether the kernel killed it for memory
 * @param error the engine's error for a container that failed to start, or null
 * @param health HEALTHY, UNHEALTHY or UNKNOWN (starting, or no health check)
 * @param startedAt when it last started, or null
 * @param finishedAt when it last exited, or null
 * @param imageId the image it was created from (sha256:…)
 * @param ipAddress its address on its network, or null
 * @param ports its published ports
 */
public record ContainerState(String id, boolean running, boolean everStarted, Integer exitCode, boolean oomKilled,
                             String error, String health, Instant startedAt, Instant finishedAt, String imageId,
                             String ipAddress, List<PublishedPort> ports) {
    public ContainerState {
        ports = List.copyOf(ports);
    }

    public boolean exited() {
        return everStarted && !running;
    }

    /** @param containerPort inside @param hostPort on the host @param protocol tcp or udp @param hostIp the bind address */
    public record PublishedPort(int containerPort, int hostPort, String protocol, String hostIp) {
    }
}
