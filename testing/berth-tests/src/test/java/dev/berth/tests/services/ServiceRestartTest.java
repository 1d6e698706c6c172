package dev.berth.tests.services;

import static dev.berth.tests.services.ServicesTest.healthy;
import static dev.berth.tests.services.ServicesTest.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.BerthProcess;
import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsServices;
import dev.berth.tests.support.TestImages;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The server is killed with kill -9 in the middle of a rolling deployment while the agent, a process
 * of its own as in production, keeps its containers. A new server on the same store picks the
 * deployment up where the store says it is, and finishes it with no duplicate and no lost task.
 */
class ServiceRestartTest {
    private static final int COUNT = 4;

    @TempDir
    Path directory;

    @Test
    void aDeploymentInterruptedByKillDashNineCompletesAfterTheRestart() throws Exception {
        TestImages.busybox();
        int port = BerthProcess.freePort();
        Path serverData = directory.resolve("server");
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        String instanceId = null;
        try (BerthProcess agent = BerthProcess.agentOutlivingItsServer(serverData, port, directory.resolve("agent"))) {
            String name = "restart-" + suffix();
            String v2;
            try (BerthProcess server = BerthProcess.up(serverData, "--no-agent", "--port", Integer.toString(port));
                 EcsServices ecs = new EcsServices(endpoint)) {
                instanceId = ecs.tasks().awaitOnlyInstance(true).containerInstanceArn().replaceAll(".*/", "");
                String v1 = ecs.register(healthy(name, "v1"));
                ecs.ecs("create-service", "--service-name", name, "--task-definition", v1,
                        "--desired-count", Integer.toString(COUNT));
                ecs.awaitStable(name, Duration.ofSeconds(90));
                v2 = ecs.register(healthy(name, "v2"));
                ecs.ecs("update-service", "--service", name, "--task-definition", v2);
                // Mid-deployment: some new tasks exist, and old ones are still there.
                ecs.await(name, Duration.ofSeconds(60), service -> {
                    Map<String, Long> byRevision = byRevision(ecs.tasksOf(name));
                    return byRevision.getOrDefault(v2, 0L) > 0 && byRevision.getOrDefault(v1, 0L) > 0;
                });
                server.kill9();
            }

            try (BerthProcess server = BerthProcess.up(serverData, "--no-agent", "--port", Integer.toString(port));
                 EcsServices ecs = new EcsServices(endpoint)) {
                int fewestHealthy = Integer.MAX_VALUE;
                Service service = ecs.describe(name);
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!(EcsServices.stable(service) && service.taskDefinition().endsWith(v2))) {
                    assertThat(System.nanoTime()).as("the deployment finishes after the restart").isLessThan(deadline);
                    List<Task> tasks = ecs.tasksOf(name);
                    fewestHealthy = Math.min(fewestHealthy, (int) tasks.stream().filter(task -> task.lastStatus().equals("RUNNING")
                            && task.desiredStatus().equals("RUNNING") && "HEALTHY".equals(task.healthStatusAsString())).count());
                    assertThat(tasks.size()).as("maximumPercent 200 holds across the restart").isLessThanOrEqualTo(2 * COUNT);
                    service = ecs.describe(name);
                }

                assertThat(fewestHealthy).as("minimumHealthyPercent 100 holds after the restart").isGreaterThanOrEqualTo(COUNT);
                List<Task> tasks = ecs.tasksOf(name);
                assertThat(byRevision(tasks)).isEqualTo(Map.of(v2, (long) COUNT));
                assertThat(service.deployments()).hasSize(1);
                assertThat(service.deployments().get(0).rolloutStateAsString()).isEqualTo("COMPLETED");
                for (Task task : tasks) {
                    String taskId = task.taskArn().replaceAll(".*/", "");
                    assertThat(DockerCli.containers("berth.task", taskId)).as("one container for task " + taskId).hasSize(1);
                }
                List<String> running = List.of(DockerCli.run("ps", "-q", "--filter", "label=berth.instance=" + instanceId)
                        .split("\\s+"));
                assertThat(running).as("running containers on the host: the service's tasks, nothing else").hasSize(COUNT);
            }
        } finally {
            if (instanceId != null) {
                DockerCli.removeLabelled("berth.instance", instanceId);
            }
        }
    }

    private static Map<String, Long> byRevision(List<Task> tasks) {
        return tasks.stream().collect(Collectors.groupingBy(task -> task.taskDefinitionArn().replaceAll(".*/", ""),
                Collectors.counting()));
    }
}
