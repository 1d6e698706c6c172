package dev.berth.dist;

import dev.berth.agent.client.AgentChannel;
import dev.berth.ecs.agent.AgentApi;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.node.protocol.DesiredState;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.RegisterResponse;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.ReportAck;
import java.time.Duration;

/**
 * The agent protocol between an agent and the control plane of the same process ({@code berth up}):
 * the same calls, records and token checks as over HTTP, without the loopback round trips — which
 * cost about 15 ms of every task start on a busy 2-core host (docs/BENCHMARKS.md).
 */
final class InProcessAgentChannel implements AgentChannel {
    private final AgentApi api;
    private volatile String token;

    InProcessAgentChannel(AgentApi api) {
        this.api = api;
    }

    @Override
    public RegisterResponse register(RegisterRequest request) {
        return api.register(request);
    }

    @Override
    public void useToken(String instanceToken) {
        this.token = instanceToken;
    }

    @Override
    public DesiredState desired(long after, Duration wait) throws InterruptedException, Unauthorized {
        return api.desired(instance().record().id(), after, wait);
    }

    @Override
    public ReportAck report(Report report) throws Unauthorized {
        return api.report(instance().record().id(), report);
    }

    private InstanceRecord instance() throws Unauthorized {
        return api.authenticate(token).orElseThrow(() -> new Unauthorized("the instance token is no longer valid"));
    }
}
