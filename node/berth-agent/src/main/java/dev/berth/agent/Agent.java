package dev.berth.agent;

import dev.berth.agent.client.AgentChannel;
import dev.berth.agent.client.ServerClient;
import dev.berth.agent.core.AgentConfig;
import dev.berth.agent.core.AgentLoop;
import dev.berth.agent.runtime.ContainerRuntime;
import java.time.Clock;

/**
 * The agent process's composition root: joins the cluster (or resumes as the instance it was),
 * then follows the desired tasks of its instance on the engine. Stopping the agent leaves the
 * tasks running: a restarted agent adopts them.
 */
public final class Agent implements AutoCloseable {
    private final AgentConfig config;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private AgentLoop loop;

    private final AgentChannel channel;

    /** An agent that speaks to the control plane at {@code config.server()} over HTTP. */
    public Agent(AgentConfig config, ContainerRuntime runtime, Clock clock) {
        this(config, runtime, clock, new ServerClient(config.server()));
    }

    /** An agent that speaks to the control plane through {@code channel} (in-process, for {@code berth up}). */
    public Agent(AgentConfig config, ContainerRuntime runtime, Clock clock, AgentChannel channel) {
        this.config = config;
        this.runtime = runtime;
        this.clock = clock;
        this.channel = channel;
    }

    /** Starts in the background: registration retries until the control plane answers. */
    public void start() {
        loop = new AgentLoop(config, runtime, channel, clock);
        loop.start();
    }

    /** The instance id once registered, else null. */
    public String containerInstanceId() {
        return loop == null ? null : loop.containerInstanceId();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }
}
