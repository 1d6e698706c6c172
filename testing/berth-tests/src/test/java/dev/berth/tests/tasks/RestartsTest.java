package dev.berth.tests.tasks;

import static dev.berth.tests.tasks.TaskLifecycleTest.sleeper;
import static dev.berth.tests.tasks.TaskLifecycleTest.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.BerthProcess;
import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsTasks;
import dev.berth.tests.support.RunningBerth;
import dev.berth.tests.support.TestImages;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The agent and the server are killed with kill -9 and started again: running containers are left
 * alone, adopted without duplicates, and the state converges. An agent that stays silent is noticed.
 */
class RestartsTest {
    @TempDir
    Path directory;

    @BeforeAll
    static void images() {
        TestImages.busybox();
    }

    @Test
    void aRestartedAgentAdoptsItsRunningContainersWithoutDuplicates() throws Exception {
        try (RunningBerth server = RunningBerth.serverOnly(RunningBerth.FAST); EcsTasks ecs = new EcsTasks(server)) {
            Path agentData = directory.resolve("agent");
            String instanceArn;
            String taskArn;
            String runtimeId;
            try (BerthProcess agent = BerthProcess.agent(server.endpoint(), agentData)) {
                instanceArn = ecs.awaitOnlyInstance(true).containerInstanceArn();
                taskArn = ecs.run(ecs.register(sleeper("adopted-" + suffix())));
                runtimeId = ecs.awaitStatus(taskArn, "RUNNING").containers().get(0).runtimeId();
                agent.kill9();
            }
            assertThat(DockerCli.inspect(runtimeId, "{{.State.Running}}")).as("kill -9 of the agent leaves tasks running")
                    .isEqualTo("true");
            try (BerthProcess restarted = BerthProcess.agent(server.endpoint(), agentData)) {
                Thread.sleep(3_000); // a few reports and polls
                assertThat(ecs.awaitOnlyInstance(true).containerInstanceArn()).as("resumed as the same instance")
                        .isEqualTo(instanceArn);
                Task task = ecs.describe(taskArn);
                assertThat(task.lastStatus()).isEqualTo("RUNNING");
                assertThat(task.containers().get(0).runtimeId()).isEqualTo(runtimeId);
                String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
                assertThat(DockerCli.containers("berth.task", taskId)).as("adopted, not started again").containsExactly(runtimeId);

                ecs.sdk().stopTask(b -> b.task(taskArn));
                assertThat(ecs.awaitStatus(taskArn, "STOPPED").containers().get(0).exitCode()).isNotNull();
            } finally {
                DockerCli.removeLabelled("berth.instance", instanceArn.substring(instanceArn.lastIndexOf('/') + 1));
            }
        }
    }

    @Test
    void tasksKeepRunningWhileTheServerIsDownAndTheStateConvergesAfterIt() throws Exception {
        int port = BerthProcess.freePort();
        Path serverData = directory.resolve("server");
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        String instanceId = null;
        try (BerthProcess agent = BerthProcess.agentOutlivingItsServer(serverData, port, directory.resolve("agent"))) {
            String taskArn;
            String runtimeId;
            try (BerthProcess server = BerthProcess.up(serverData, "--no-agent", "--port", Integer.toString(port))) {
                try (EcsTasks ecs = new EcsTasks(endpoint)) {
                    instanceId = ecs.awaitOnlyInstance(true).containerInstanceArn().replaceAll(".*/", "");
                    taskArn = ecs.run(ecs.register(sleeper("survivor-" + suffix())));
                    runtimeId = ecs.awaitStatus(taskArn, "RUNNING").containers().get(0).runtimeId();
                }
                server.kill9();
            }
            Thread.sleep(3_000); // the agent retries, and must not touch its containers meanwhile
            assertThat(DockerCli.inspect(runtimeId, "{{.State.Running}}")).isEqualTo("true");

            try (BerthProcess server = BerthProcess.up(serverData, "--no-agent", "--port", Integer.toString(port));
                 EcsTasks ecs = new EcsTasks(endpoint)) {
                ecs.awaitOnlyInstance(true);
                Task task = ecs.describe(taskArn);
                assertThat(task.lastStatus()).isEqualTo("RUNNING");
                assertThat(task.containers().get(0).runtimeId()).isEqualTo(runtimeId);
                ecs.sdk().stopTask(b -> b.task(taskArn));
                ecs.awaitStatus(taskArn, "STOPPED");
                assertThat(DockerCli.inspect(runtimeId, "{{.State.Running}}")).isEqualTo("false");
            }
        } finally {
            if (instanceId != null) {
                DockerCli.removeLabelled("berth.instance", instanceId);
            }
        }
    }

    @Test
    void anAgentThatStopsReportingIsDisconnectedAndThenItsTasksAreStoppedWithAReason() throws Exception {
        try (RunningBerth server = RunningBerth.serverOnly(RunningBerth.FAST); EcsTasks ecs = new EcsTasks(server)) {
            String instanceId = null;
            try (BerthProcess agent = BerthProcess.agent(server.endpoint(), directory.resolve("agent"))) {
                instanceId = ecs.awaitOnlyInstance(true).containerInstanceArn().replaceAll(".*/", "");
                String taskArn = ecs.run(ecs.register(sleeper("orphaned-" + suffix())));
                ecs.awaitStatus(taskArn, "RUNNING");
                agent.kill9();

                ecs.awaitOnlyInstance(false);
                Task stopped = ecs.awaitTask(taskArn, Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()));
                assertThat(stopped.stopCodeAsString()).isEqualTo("TerminationNotice");
                assertThat(stopped.stoppedReason()).contains(instanceId).contains("no heartbeat");
                assertThat(ecs.sdk().listTasks(b -> b.desiredStatus("RUNNING")).taskArns()).doesNotContain(taskArn);
            } finally {
                if (instanceId != null) {
                    DockerCli.removeLabelled("berth.instance", instanceId);
                }
            }
        }
    }
}
