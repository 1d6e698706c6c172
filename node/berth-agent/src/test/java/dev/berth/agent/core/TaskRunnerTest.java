package dev.berth.agent.core;

import static dev.berth.agent.core.Definitions.TASK_ID;
import static dev.berth.agent.core.Definitions.WEB_PREFIX;
import static dev.berth.agent.core.Definitions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.runtime.ContainerSpec;
import dev.berth.agent.runtime.ContainerSummary;
import dev.berth.node.protocol.ContainerReport;
import dev.berth.node.protocol.NetworkBinding;
import dev.berth.node.protocol.TaskAssignment;
import dev.berth.node.protocol.TaskReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One task from desired to STOPPED, on a fake engine. */
class TaskRunnerTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:task/default/" + TASK_ID;
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private static final String WEB = """
            {"family": "web", "revision": 1, "containerDefinitions": [
              {"name": "app", "image": "app:1", "portMappings": [{"containerPort": 8080}]},
              {"name": "proxy", "image": "nginx:1", "dependsOn": [{"containerName": "app", "condition": "START"}],
               "portMappings": [{"containerPort": 80, "hostPort": 8081}]}]}
            """;

    private final TestClock clock = new TestClock(START);
    private final FakeContainerRuntime engine = new FakeContainerRuntime(clock);
    private final List<TaskRunner> runners = new ArrayList<>();

    private TaskRunner run(String definition) {
        return run(definition, AgentSettings.defaults());
    }

    private TaskRunner run(String definition, AgentSettings settings) {
        // What the reconciler finds on the engine for the task before starting its runner.
        List<ContainerSummary> found = engine.list(Map.of(Labels.TASK, TASK_ID, Labels.INSTANCE, Definitions.INSTANCE));
        TaskRunner runner = new TaskRunner(Definitions.CLUSTER, Definitions.INSTANCE,
                new TaskAssignment(TASK_ID, ARN, "RUNNING", json(definition), null, null), found, engine, settings, clock,
                settled -> {
                });
        runners.add(runner);
        Thread.ofVirtual().name("test-task-runner").start(runner);
        return runner;
    }

    private static AgentSettings pulling(AgentSettings.PullBehavior behavior) {
        AgentSettings defaults = AgentSettings.defaults();
        return new AgentSettings(behavior, defaults.pullTimeout(), defaults.stopTimeout(), defaults.cleanupWait(),
                defaults.orphanGrace(), defaults.registryCredentials());
    }

    private static TaskReport reaches(TaskRunner runner, String lastStatus) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> runner.observed().lastStatus().equals(lastStatus));
        return runner.observed();
    }

    private static void stop(TaskRunner runner, JsonNode definition, String code, String reason) {
        runner.desire(new TaskAssignment(TASK_ID, ARN, "STOPPED", definition, code, reason));
    }

    private static ContainerReport container(TaskReport report, String name) {
        return report.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @AfterEach
    void stopRunners() {
        for (TaskRunner runner : runners) {
            stop(runner, null, "UserInitiated", "the test is over");
            await().atMost(Duration.ofSeconds(5)).until(runner::finished);
        }
    }

    @Test
    void aTaskReachesRunningWithOneEngineContainerPerContainerDefinition() {
        engine.pullTakes(Duration.ofSeconds(2));

        TaskReport report = reaches(run(WEB), "RUNNING");

        assertThat(engine.created()).extracting(ContainerSpec::name).containsExactly(WEB_PREFIX + "-app", WEB_PREFIX + "-proxy");
        assertThat(engine.pulled()).containsExactly("app:1", "nginx:1");
        assertThat(report.pullStartedAt()).isEqualTo(START.toEpochMilli());
        assertThat(report.pullStoppedAt()).isEqualTo(START.plusSeconds(4).toEpochMilli());
        assertThat(report.startedAt()).isEqualTo(START.plusSeconds(4).toEpochMilli());
        assertThat(report.stopCode()).isNull();
        assertThat(report.containers()).extracting(ContainerReport::lastStatus).containsExactly("RUNNING", "RUNNING");
        assertThat(report.containers()).allSatisfy(c -> assertThat(c.runtimeId()).isNotNull());
        assertThat(container(report, "app").networkBindings()).containsExactly(new NetworkBinding("0.0.0.0", 8080, 32768, "tcp"));
        assertThat(container(report, "proxy").networkBindings()).containsExactly(new NetworkBinding("0.0.0.0", 80, 8081, "tcp"));
    }

    @Test
    void aClosingAgentAbandonsItsTasksAndLeavesTheirContainersRunning() {
        TaskRunner runner = run(WEB);
        TaskReport running = reaches(runner, "RUNNING");

        runner.abandon();

        await().atMost(Duration.ofSeconds(5)).until(runner::finished);
        assertThat(runner.observed().lastStatus()).as("nothing stopped, nothing reported as stopping").isEqualTo("RUNNING");
        assertThat(running.containers()).allSatisfy(container ->
                assertThat(engine.inspect(container.runtimeId()).running()).as(container.name()).isTrue());
    }

    @Test
    void anAbandonedTaskStartsNothingMoreEvenWhenWhatItWaitedForArrives() {
        engine.healthOnStart("db", "UNKNOWN");
        TaskRunner runner = run(WAITS_FOR_HEALTHY_DB);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.started().contains("db"));

        runner.abandon();
        await().atMost(Duration.ofSeconds(5)).until(runner::finished);
        engine.health("db", "HEALTHY");
        runner.wake();

        assertThat(engine.started()).as("nothing started after the agent let go").containsExactly("db");
    }

    @Test
    void aTaskBeingStoppedIsNotAbandonedButStopped() {
        TaskRunner runner = run(WEB);
        reaches(runner, "RUNNING");
        stop(runner, null, "UserInitiated", "done");

        runner.abandon();

        assertThat(reaches(runner, "STOPPED").stopCode()).isEqualTo("UserInitiated");
    }

    @Test
    void aFailedPullStopsTheTaskAsFailedToStartWithEcsPullError() {
        engine.failPulls("nginx:1", "manifest for nginx:1 not found");

        TaskReport report = reaches(run(WEB), "STOPPED");

        assertThat(report.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(report.stoppedReason()).isEqualTo("CannotPullContainerError: manifest for nginx:1 not found");
        assertThat(container(report, "proxy").reason()).isEqualTo("CannotPullContainerError: manifest for nginx:1 not found");
        assertThat(report.containers()).extracting(ContainerReport::lastStatus).containsOnly("STOPPED");
        assertThat(report.stoppedAt()).isNotNull();
        assertThat(engine.created()).isEmpty();
    }

    @Test
    void byDefaultACachedImageIsRunWhenItsPullFails() {
        engine.cached("nginx:1");
        engine.failPulls("nginx:1", "registry unreachable");

        reaches(run(WEB), "RUNNING");

        assertThat(engine.pulled()).contains("nginx:1");
    }

    @Test
    void withPullBehaviorAlwaysAFailedPullStopsTheTaskEvenWithACachedImage() {
        engine.cached("nginx:1");
        engine.failPulls("nginx:1", "registry unreachable");

        TaskReport report = reaches(run(WEB, pulling(AgentSettings.PullBehavior.ALWAYS)), "STOPPED");

        assertThat(report.stoppedReason()).isEqualTo("CannotPullContainerError: registry unreachable");
    }

    @Test
    void withPullBehaviorPreferCachedACachedImageIsNotPulled() {
        engine.cached("nginx:1");

        reaches(run(WEB, pulling(AgentSettings.PullBehavior.PREFER_CACHED)), "RUNNING");

        assertThat(engine.pulled()).containsExactly("app:1");
    }

    @Test
    void aContainerTheEngineCannotCreateStopsTheTaskWithEcsCreateError() {
        engine.failCreate("proxy", "invalid volume specification");

        TaskReport report = reaches(run(WEB), "STOPPED");

        assertThat(report.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(report.stoppedReason()).isEqualTo("CannotCreateContainerError: invalid volume specification");
        assertThat(engine.anyRunning()).isFalse();
    }

    @Test
    void anEssentialContainerThatExitsStopsTheOthersDependentsFirst() {
        String definition = """
                {"family": "web", "containerDefinitions": [
                  {"name": "web", "image": "web:1", "dependsOn": [{"containerName": "app", "condition": "START"}]},
                  {"name": "app", "image": "app:1", "dependsOn": [{"containerName": "db", "condition": "START"}]},
                  {"name": "db", "image": "db:1"},
                  {"name": "job", "image": "job:1"}]}
                """;
        TaskRunner runner = run(definition);
        reaches(runner, "RUNNING");

        engine.exit("job", 1);
        runner.wake();
        TaskReport report = reaches(runner, "STOPPED");

        assertThat(report.stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(report.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(container(report, "job").exitCode()).isEqualTo(1);
        assertThat(engine.stopped()).containsExactly("web", "app", "db");
        assertThat(report.containers()).extracting(ContainerReport::lastStatus).containsOnly("STOPPED");
        assertThat(report.executionStoppedAt()).isNotNull();
    }

    @Test
    void aNonEssentialContainerThatExitsLeavesTheTaskRunning() {
        TaskRunner runner = run("""
                {"family": "web", "containerDefinitions": [{"name": "app", "image": "app:1"},
                  {"name": "once", "image": "app:1", "essential": false}]}
                """);
        reaches(runner, "RUNNING");

        engine.exit("once", 0);
        runner.wake();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> runner.observed().lastStatus().equals("RUNNING"));
        assertThat(container(runner.observed(), "once").lastStatus()).isEqualTo("STOPPED");
    }

    @Test
    void aStopTheControlPlaneWantsStopsTheTaskWithItsCodeAndReason() {
        TaskRunner runner = run(WEB);
        reaches(runner, "RUNNING");

        stop(runner, json(WEB), "UserInitiated", "Scaled down by an operator");
        TaskReport report = reaches(runner, "STOPPED");

        assertThat(report.stopCode()).isEqualTo("UserInitiated");
        assertThat(report.stoppedReason()).isEqualTo("Scaled down by an operator");
        assertThat(engine.stopped()).containsExactly("proxy", "app");
        assertThat(engine.anyRunning()).isFalse();
        assertThat(report.containers()).extracting(ContainerReport::lastStatus).containsOnly("STOPPED");
    }

    @Test
    void aSuccessDependencyThatExitsNonZeroFailsTheTaskWithoutStartingTheDependent() {
        engine.exitOnStart("migrate", 1);

        TaskReport report = reaches(run("""
                {"family": "web", "containerDefinitions": [
                  {"name": "app", "image": "app:1", "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}]},
                  {"name": "migrate", "image": "app:1", "essential": false}]}
                """), "STOPPED");

        assertThat(report.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(report.stoppedReason()).startsWith("CannotStartContainerError: ").contains("migrate").contains("code 1");
        assertThat(container(report, "app").reason()).isEqualTo(report.stoppedReason());
        assertThat(container(report, "app").lastStatus()).as("a container that never ran, of a stopped task")
                .isEqualTo("STOPPED");
        assertThat(container(report, "migrate").exitCode()).isEqualTo(1);
        assertThat(engine.started()).containsExactly("migrate");
    }

    @Test
    void aSuccessDependencyThatExitsZeroLetsTheDependentStart() {
        engine.exitOnStart("migrate", 0);

        reaches(run("""
                {"family": "web", "containerDefinitions": [
                  {"name": "app", "image": "app:1", "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}]},
                  {"name": "migrate", "image": "app:1", "essential": false}]}
                """), "RUNNING");

        assertThat(engine.started()).containsExactly("migrate", "app");
    }

    private static final String WAITS_FOR_HEALTHY_DB = """
            {"family": "web", "containerDefinitions": [
              {"name": "app", "image": "app:1", "startTimeout": 30,
               "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}]},
              {"name": "db", "image": "db:1", "healthCheck": {"command": ["CMD", "pg_isready"]}}]}
            """;

    @Test
    void aHealthyDependencyHoldsTheDependentBackUntilTheEngineSaysHealthy() {
        engine.healthOnStart("db", "UNKNOWN");
        TaskRunner runner = run(WAITS_FOR_HEALTHY_DB);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.started().contains("db"));

        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> !engine.started().contains("app"));
        assertThat(runner.observed().lastStatus()).isEqualTo("ACTIVATING");

        engine.health("db", "HEALTHY");
        runner.wake();
        TaskReport report = reaches(runner, "RUNNING");

        assertThat(engine.started()).containsExactly("db", "app");
        assertThat(container(report, "db").healthStatus()).isEqualTo("HEALTHY");
    }

    @Test
    void aDependentThatWaitsPastItsStartTimeoutFailsTheTask() {
        engine.healthOnStart("db", "UNKNOWN");
        TaskRunner runner = run(WAITS_FOR_HEALTHY_DB);
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.started().contains("db"));

        clock.advance(Duration.ofSeconds(20));
        runner.wake();
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> runner.observed().lastStatus().equals("ACTIVATING"));
        clock.advance(Duration.ofSeconds(11));
        runner.wake();
        TaskReport report = reaches(runner, "STOPPED");

        assertThat(report.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(report.stoppedReason()).contains("startTimeout").contains("30 s").contains("db to be HEALTHY");
        assertThat(engine.started()).containsExactly("db");
        assertThat(engine.stopped()).containsExactly("db");
    }

    @Test
    void containersAnEarlierAgentCreatedForTheTaskAreAdoptedNotCreatedAgain() {
        TaskPlan plan = Definitions.plan(WEB);
        List<String> ids = plan.containers().stream().map(c -> engine.existing(c.spec(), true)).toList();

        TaskReport report = reaches(run(WEB), "RUNNING");

        assertThat(engine.created()).isEmpty();
        assertThat(engine.pulled()).isEmpty();
        assertThat(engine.started()).isEmpty();
        assertThat(report.containers()).extracting(ContainerReport::runtimeId).containsExactlyElementsOf(ids);
    }

    @Test
    void adoptedContainersThatWereCreatedButNotStartedAreStarted() {
        TaskPlan plan = Definitions.plan(WEB);
        engine.cached("app:1");
        engine.cached("nginx:1");
        plan.containers().forEach(c -> engine.existing(c.spec(), false));

        reaches(run(WEB), "RUNNING");

        assertThat(engine.created()).isEmpty();
        assertThat(engine.started()).containsExactly("app", "proxy");
    }

    @Test
    void anAwsvpcTaskRunsInASandboxWhoseAddressIsTheTasks() {
        String definition = """
                {"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "app", "image": "app:1"}]}
                """;
        TaskRunner runner = run(definition);

        TaskReport report = reaches(runner, "RUNNING");

        assertThat(engine.created()).extracting(ContainerSpec::name).containsExactly(WEB_PREFIX + ".sandbox", WEB_PREFIX + "-app");
        assertThat(report.privateIpv4Address()).isEqualTo("172.17.0.2");
        stop(runner, json(definition), "UserInitiated", "done");
        reaches(runner, "STOPPED");
        assertThat(engine.anyRunning()).as("the sandbox goes with the task").isFalse();
    }

    @Test
    void aTaskVolumeIsCreatedBeforeTheContainersWithTheTasksLabels() {
        reaches(run("""
                {"family": "web", "volumes": [{"name": "scratch", "host": {}}], "containerDefinitions": [
                  {"name": "app", "image": "app:1", "mountPoints": [{"sourceVolume": "scratch", "containerPath": "/s"}]}]}
                """), "RUNNING");

        assertThat(engine.volumes(Map.of(Labels.TASK, TASK_ID))).containsExactly(WEB_PREFIX + "-scratch");
    }

    @Test
    void aSharedVolumeThatMustExistButDoesNotFailsTheTask() {
        TaskReport report = reaches(run("""
                {"family": "web", "volumes": [{"name": "shared", "dockerVolumeConfiguration": {"scope": "shared"}}],
                 "containerDefinitions": [
                  {"name": "app", "image": "app:1", "mountPoints": [{"sourceVolume": "shared", "containerPath": "/s"}]}]}
                """), "STOPPED");

        assertThat(report.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(report.stoppedReason()).startsWith("ResourceInitializationError: ").contains("shared");
        assertThat(engine.created()).isEmpty();
    }

    @Test
    void aTaskThatMountsAnEfsVolumeFailsToStart() {
        TaskReport report = reaches(run("""
                {"family": "web", "volumes": [{"name": "files", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}],
                 "containerDefinitions": [
                  {"name": "app", "image": "app:1", "mountPoints": [{"sourceVolume": "files", "containerPath": "/f"}]}]}
                """), "STOPPED");

        assertThat(report.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(report.stoppedReason()).startsWith("ResourceInitializationError: ").contains("'files'");
        assertThat(engine.pulled()).isEmpty();
    }
}
