package dev.berth.dist;

import dev.berth.agent.Agent;
import dev.berth.agent.core.AgentConfig;
import dev.berth.agent.runtime.RuntimeFailure;
import dev.berth.agent.runtime.docker.DockerRuntime;
import dev.berth.server.BerthServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The agent {@code berth up} runs in its own process, on the local Docker Engine, joined to the
 * {@code default} cluster: the same protocol a remote agent speaks, through a direct channel.
 */
final class LocalAgent implements AutoCloseable {
    private DockerRuntime docker;
    private Agent agent;

    /** @return one line for the banner: what the agent does, or why it cannot yet */
    String start(BerthServer server, Path dataDir, AgentOptions options) {
        String endpoint = server.endpoint();
        docker = DockerRuntime.connect(options.dockerHost);
        AgentConfig config = new AgentConfig(URI.create(endpoint), "default", dataDir.resolve("agent"), Map.of(),
                "ON_DEMAND", options.availabilityZone, options.reservedMemory, options.dockerHost, options.settings());
        agent = new Agent(config, docker, Clock.systemUTC(), new InProcessAgentChannel(server.agents()));
        agent.start();
        try {
            String version = docker.info().version();
            return "agent: runs tasks on Docker " + version + " as a container instance of cluster default";
        } catch (RuntimeFailure e) {
            return "agent: no Docker Engine reachable yet (" + e.getMessage() + "); it keeps trying";
        }
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close(); // tasks keep running: the next berth up adopts them
        }
        if (docker != null) {
            docker.close();
        }
    }
}
