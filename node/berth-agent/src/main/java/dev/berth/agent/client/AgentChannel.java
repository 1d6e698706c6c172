package dev.berth.agent.client;

import dev.berth.node.protocol.DesiredState;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.RegisterResponse;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.ReportAck;
import java.io.IOException;
import java.time.Duration;

/**
 * The agent protocol as the agent uses it (docs/agent-protocol.md). Over HTTP for an agent on its
 * own host ({@link ServerClient}); {@code berth up} plugs the control plane in directly, since
 * both live in one process. Each call is one attempt: callers retry with backoff.
 */
public interface AgentChannel {
    RegisterResponse register(RegisterRequest request) throws IOException, InterruptedException;

    /** Authenticates later calls with the instance's token. */
    void useToken(String token);

    DesiredState desired(long after, Duration wait) throws IOException, InterruptedException;

    ReportAck report(Report report) throws IOException, InterruptedException;

    /** The control plane no longer accepts this instance's token: register again. */
    final class Unauthorized extends IOException {
        private static final long serialVersionUID = 1L;

        public Unauthorized(String message) {
            super(message);
        }
    }
}
