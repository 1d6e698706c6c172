package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerState;
import dev.berth.node.protocol.ContainerReport;
import dev.berth.node.protocol.NetworkBinding;
import java.util.ArrayList;
import java.util.List;

/** What ECS reports of a container, from what the engine says of it. Pure. */
final class ContainerReports {
    private ContainerReports() {
    }

    /** @param taskStopped whether the task is STOPPED: then a container that never ran is STOPPED too, as in ECS */
    static ContainerReport of(TaskPlan.ContainerPlan container, ContainerState state, String runtimeId, String failure,
                              String imageDigest, boolean awsvpc, boolean taskStopped) {
        String neverRan = failure != null || taskStopped ? "STOPPED" : "PENDING";
        if (state == null) {
            return new ContainerReport(container.name(), runtimeId, imageDigest, neverRan, null, failure, "UNKNOWN", List.of());
        }
        String lastStatus = state.running() ? "RUNNING" : state.exited() ? "STOPPED" : taskStopped ? "STOPPED" : "PENDING";
        String reason = failure;
        if (reason == null && state.oomKilled()) {
            reason = "OutOfMemoryError: Container killed due to memory usage";
        }
        if (reason == null && state.error() != null) {
            reason = state.error();
        }
        List<NetworkBinding> bindings = new ArrayList<>();
        if (!container.hostPorts().isEmpty()) {
            // Host mode publishes nothing: the container's ports are the host's.
            container.hostPorts().forEach(port -> bindings.add(new NetworkBinding("0.0.0.0", port.containerPort(),
                    port.hostPort(), port.protocol())));
        } else {
            state.ports().forEach(port -> bindings.add(new NetworkBinding(port.hostIp(), port.containerPort(), port.hostPort(),
                    port.protocol())));
        }
        String health = container.hasHealthCheck() ? state.health() : "UNKNOWN";
        return new ContainerReport(container.name(), runtimeId, imageDigest, lastStatus,
                state.exited() ? state.exitCode() : null, reason, health, bindings);
    }
}
