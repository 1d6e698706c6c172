package dev.berth.agent.core;

import static dev.berth.agent.core.EngineStates.created;
import static dev.berth.agent.core.EngineStates.exited;
import static dev.berth.agent.core.EngineStates.oomKilled;
import static dev.berth.agent.core.EngineStates.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.runtime.ContainerSpec.PortBinding;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.runtime.ContainerState.PublishedPort;
import dev.berth.node.protocol.ContainerReport;
import dev.berth.node.protocol.NetworkBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What ECS is told of a container, from what the engine says of it. */
class ContainerReportsTest {
    private static final TaskPlan.ContainerPlan PLAIN = plan(false, List.of());
    private static final TaskPlan.ContainerPlan WITH_HEALTH_CHECK = plan(true, List.of());

    private static TaskPlan.ContainerPlan plan(boolean healthCheck, List<PortBinding> hostPorts) {
        return new TaskPlan.ContainerPlan("app", true, Map.of(), Duration.ofMinutes(3), Duration.ofSeconds(30), healthCheck,
                hostPorts, null);
    }

    private static ContainerReport report(TaskPlan.ContainerPlan plan, ContainerState state, String failure) {
        return ContainerReports.of(plan, state, state == null ? null : "c1", failure, "sha256:digest", false, false);
    }

    private static ContainerReport report(ContainerState state) {
        return report(PLAIN, state, null);
    }

    @Test
    void aContainerNotCreatedYetIsPending() {
        ContainerReport report = report(null);

        assertThat(report.lastStatus()).isEqualTo("PENDING");
        assertThat(report.runtimeId()).isNull();
        assertThat(report.exitCode()).isNull();
        assertThat(report.healthStatus()).isEqualTo("UNKNOWN");
        assertThat(report.networkBindings()).isEmpty();
    }

    @Test
    void aContainerThatFailedBeforeItWasCreatedIsStoppedWithTheReason() {
        ContainerReport report = report(PLAIN, null, "CannotPullContainerError: not found");

        assertThat(report.lastStatus()).isEqualTo("STOPPED");
        assertThat(report.reason()).isEqualTo("CannotPullContainerError: not found");
    }

    @Test
    void aCreatedContainerIsPendingARunningOneRunningAndAnExitedOneStopped() {
        assertThat(report(created()).lastStatus()).isEqualTo("PENDING");
        assertThat(report(running()).lastStatus()).isEqualTo("RUNNING");
        assertThat(report(exited(0)).lastStatus()).isEqualTo("STOPPED");
    }

    @Test
    void aContainerThatNeverRanIsStoppedOnceItsTaskHasStopped() {
        ContainerReport notCreated = ContainerReports.of(PLAIN, null, null, null, null, false, true);
        ContainerReport neverStarted = ContainerReports.of(PLAIN, created(), "c1", null, null, false, true);

        assertThat(notCreated.lastStatus()).isEqualTo("STOPPED");
        assertThat(neverStarted.lastStatus()).isEqualTo("STOPPED");
        assertThat(neverStarted.exitCode()).isNull();
    }

    @Test
    void theExitCodeIsReportedOnlyOnceTheContainerHasExited() {
        assertThat(report(running()).exitCode()).isNull();
        assertThat(report(created()).exitCode()).isNull();
        assertThat(report(exited(0)).exitCode()).isZero();
        assertThat(report(exited(42)).exitCode()).isEqualTo(42);
    }

    @Test
    void aContainerTheKernelKilledForMemoryHasEcsOutOfMemoryReason() {
        ContainerReport report = report(oomKilled());

        assertThat(report.reason()).isEqualTo("OutOfMemoryError: Container killed due to memory usage");
        assertThat(report.exitCode()).isEqualTo(137);
    }

    @Test
    void aReasonTheAgentKnowsWinsOverOutOfMemory() {
        ContainerReport report = report(PLAIN, oomKilled(), "CannotStartContainerError: dependency db exited");

        assertThat(report.reason()).isEqualTo("CannotStartContainerError: dependency db exited");
    }

    @Test
    void theEnginesErrorIsTheReasonWhenNothingElseSaysWhy() {
        ContainerState failedToStart = new ContainerState("c1", false, true, 127, false,
                "exec: \"serve\": executable file not found in $PATH", "UNKNOWN", null, null, null, null, List.of());

        assertThat(report(failedToStart).reason()).contains("executable file not found");
    }

    @Test
    void aContainerWithoutAHealthCheckIsUnknownWhateverTheEngineSays() {
        assertThat(report(PLAIN, running("HEALTHY"), null).healthStatus()).isEqualTo("UNKNOWN");
        assertThat(report(PLAIN, running("UNHEALTHY"), null).healthStatus()).isEqualTo("UNKNOWN");
    }

    @Test
    void aContainerWithAHealthCheckReportsTheEnginesHealth() {
        assertThat(report(WITH_HEALTH_CHECK, running("HEALTHY"), null).healthStatus()).isEqualTo("HEALTHY");
        assertThat(report(WITH_HEALTH_CHECK, running("UNHEALTHY"), null).healthStatus()).isEqualTo("UNHEALTHY");
    }

    @Test
    void networkBindingsAreThePortsTheEnginePublished() {
        ContainerReport report = report(running("UNKNOWN", new PublishedPort(8080, 32768, "tcp", "0.0.0.0"),
                new PublishedPort(53, 5353, "udp", "127.0.0.1")));

        assertThat(report.networkBindings()).containsExactly(new NetworkBinding("0.0.0.0", 8080, 32768, "tcp"),
                new NetworkBinding("127.0.0.1", 53, 5353, "udp"));
    }

    @Test
    void inHostModeTheBindingsAreTheContainersOwnPortsOnTheHost() {
        TaskPlan.ContainerPlan hostMode = plan(false, List.of(new PortBinding(80, 80, "tcp"), new PortBinding(53, 53, "udp")));

        ContainerReport report = report(hostMode, running(), null);

        assertThat(report.networkBindings()).containsExactly(new NetworkBinding("0.0.0.0", 80, 80, "tcp"),
                new NetworkBinding("0.0.0.0", 53, 53, "udp"));
    }

    @Test
    void theRuntimeIdAndImageDigestArePassedThrough() {
        ContainerReport report = report(running());

        assertThat(report.name()).isEqualTo("app");
        assertThat(report.runtimeId()).isEqualTo("c1");
        assertThat(report.imageDigest()).isEqualTo("sha256:digest");
    }
}
