package dev.berth.tests.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.AwsCli;
import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsServices;
import dev.berth.tests.support.RunningBerth;
import dev.berth.tests.support.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Services on a real Docker Engine, driven with the real AWS CLI as the runbooks drive them:
 * steady state and {@code aws ecs wait}, rolling updates that keep the service healthy, broken
 * revisions caught by the circuit breaker, the manual rollback, replacement, scaling, deletion.
 */
class ServicesTest {
    private static final Duration DEPLOY = Duration.ofSeconds(90);
    private static RunningBerth berth;
    private static EcsServices ecs;

    @BeforeAll
    static void start() {
        berth = RunningBerth.withAgent();
        ecs = new EcsServices(berth.endpoint());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        berth.close();
    }

    /** A task definition whose container passes its health check (interval 5 s, the ECS minimum) and stops at once on SIGTERM. */
    static String healthy(String family, String marker) {
        return """
                {"family": "%s", "containerDefinitions": [{"name": "app", "image": "%s", "memory": 32, "stopTimeout": 2,
                  "command": ["sh", "-c", "trap 'exit 0' TERM; echo %s; sleep 600 & wait"],
                  "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5, "timeout": 2, "retries": 1}}]}"""
                .formatted(family, TestImages.BUSYBOX, marker);
    }

    static String suffix() {
        return Long.toHexString(System.nanoTime());
    }

    private static String create(String name, String taskDefinition, int count, String... extra) {
        List<String> arguments = new java.util.ArrayList<>(List.of("create-service", "--service-name", name,
                "--task-definition", taskDefinition, "--desired-count", Integer.toString(count)));
        arguments.addAll(List.of(extra));
        return ecs.ecs(arguments.toArray(String[]::new)).at("/service/serviceArn").asText();
    }

    private static Set<String> definitionsOf(List<Task> tasks) {
        return tasks.stream().map(task -> task.taskDefinitionArn().substring(task.taskDefinitionArn().lastIndexOf('/') + 1))
                .collect(Collectors.toSet());
    }

    private static void deleteQuietly(String name) {
        ecs.aws().run("ecs", "delete-service", "--service", name, "--force");
    }

    @Test
    void aServiceReachesSteadyStateAndTheCliWaiterAgrees() {
        String name = "steady-" + suffix();
        String definition = ecs.register(healthy(name, "v1"));

        String arn = create(name, definition, 3);

        assertThat(arn).isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/default/" + name);
        Service stable = ecs.awaitStable(name, DEPLOY);
        AwsCli.Result waiter = ecs.aws().run("ecs", "wait", "services-stable", "--services", name);
        assertThat(waiter.exitCode()).as(waiter.stderr()).isZero();
        assertThat(stable.runningCount()).isEqualTo(3);
        assertThat(ecs.tasksOf(name)).hasSize(3).allSatisfy(task -> {
            assertThat(task.group()).isEqualTo("service:" + name);
            assertThat(task.startedBy()).isEqualTo(stable.deployments().get(0).id());
            assertThat(task.healthStatusAsString()).isEqualTo("HEALTHY");
        });
        assertThat(ecs.events(name)).first().isEqualTo("(service " + name + ") has reached a steady state.");
        assertThat(ecs.events(name)).anyMatch(event -> event.startsWith("(service " + name + ") has started 3 tasks: (task "));
        deleteQuietly(name);
    }

    @Test
    void aRollingUpdateAt100And200KeepsThreeHealthyTasksAtEveryObservation() {
        String name = "rolling-" + suffix();
        String v1 = ecs.register(healthy(name, "v1"));
        create(name, v1, 3);
        ecs.awaitStable(name, DEPLOY);
        Set<String> firstTasks = ecs.tasksOf(name).stream().map(task -> task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1))
                .collect(Collectors.toSet());
        String v2 = ecs.register(healthy(name, "v2"));

        ecs.ecs("update-service", "--service", name, "--task-definition", v2);

        int observations = 0;
        long deadline = System.nanoTime() + DEPLOY.toNanos();
        int fewestHealthy = Integer.MAX_VALUE;
        int mostRunning = 0;
        Service service = ecs.describe(name);
        while (!(EcsServices.stable(service) && service.taskDefinition().endsWith(v2))) {
            List<Task> tasks = ecs.tasksOf(name);
            int healthy = (int) tasks.stream().filter(task -> task.lastStatus().equals("RUNNING")
                    && task.desiredStatus().equals("RUNNING") && task.healthStatusAsString().equals("HEALTHY")).count();
            fewestHealthy = Math.min(fewestHealthy, healthy);
            mostRunning = Math.max(mostRunning, (int) tasks.stream().filter(task -> !task.lastStatus().equals("STOPPED")).count());
            observations++;
            assertThat(System.nanoTime()).as("the deployment finishes within " + DEPLOY).isLessThan(deadline);
            service = ecs.describe(name);
        }

        assertThat(fewestHealthy).as("healthy tasks at the worst of " + observations + " observations").isGreaterThanOrEqualTo(3);
        assertThat(mostRunning).as("maximumPercent 200").isLessThanOrEqualTo(6);
        assertThat(definitionsOf(ecs.tasksOf(name))).containsExactly(v2);
        assertThat(ecs.aws().run("ecs", "wait", "services-stable", "--services", name).exitCode()).isZero();
        // Old tasks go as new ones turn healthy, in as many passes as the health checks take.
        Set<String> stopped = ecs.events(name).stream()
                .filter(event -> event.startsWith("(service " + name + ") has stopped "))
                .flatMap(event -> java.util.regex.Pattern.compile("\\(task (\\w+)\\)").matcher(event).results().map(m -> m.group(1)))
                .collect(Collectors.toSet());
        assertThat(stopped).isEqualTo(firstTasks);
        deleteQuietly(name);
    }

    @Test
    void aRevisionThatExitsTripsTheBreakerAndTheRunbooksManualRollbackRecovers() {
        String name = "exits-" + suffix();
        String v1 = ecs.register(healthy(name, "v1"));
        create(name, v1, 3, "--deployment-configuration",
                "deploymentCircuitBreaker={enable=true,rollback=false},maximumPercent=200,minimumHealthyPercent=100");
        ecs.awaitStable(name, DEPLOY);
        String broken = ecs.register("""
                {"family": "%s", "containerDefinitions": [{"name": "app", "image": "%s", "memory": 32,
                  "command": ["sh", "-c", "echo cannot start; exit 3"],
                  "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5, "timeout": 2, "retries": 1}}]}"""
                .formatted(name, TestImages.BUSYBOX));
        // With its health check kept, the broken task never counts as healthy, so no old task is stopped for it.

        ecs.ecs("update-service", "--service", name, "--task-definition", broken);
        Service failed = ecs.await(name, DEPLOY, s -> s.deployments().get(0).rolloutStateAsString().equals("FAILED"));

        Deployment primary = failed.deployments().get(0);
        assertThat(primary.rolloutStateReason()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(primary.failedTasks()).isGreaterThanOrEqualTo(3);
        assertThat(failed.deployments()).hasSize(2);
        assertThat(ecs.events(name)).contains("(service " + name + ") (deployment " + primary.id()
                + ") deployment failed: tasks failed to start.");
        // Tasks of the failed revision already on their way fail on their own; no new one starts.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> definitionsOf(ecs.tasksOf(name)).equals(Set.of(v1)));
        assertThat(ecs.tasksOf(name)).as("the old tasks kept serving").hasSize(3)
                .allMatch(task -> task.lastStatus().equals("RUNNING"));
        assertThat(ecs.describe(name).deployments().get(0).rolloutStateAsString()).isEqualTo("FAILED");

        // The runbooks' rollback: update-service --task-definition family:N-1.
        ecs.ecs("update-service", "--service", name, "--task-definition", v1);
        Service recovered = ecs.awaitStable(name, DEPLOY);
        assertThat(recovered.taskDefinition()).endsWith(v1);
        assertThat(definitionsOf(ecs.tasksOf(name))).containsExactly(v1);
        deleteQuietly(name);
    }

    @Test
    void aRevisionThatFailsItsHealthCheckIsRolledBackAutomatically() {
        String name = "sick-" + suffix();
        String v1 = ecs.register(healthy(name, "v1"));
        create(name, v1, 3, "--deployment-configuration",
                "deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100");
        String good = ecs.awaitStable(name, DEPLOY).deployments().get(0).id();
        String sick = ecs.register("""
                {"family": "%s", "containerDefinitions": [{"name": "app", "image": "%s", "memory": 32, "stopTimeout": 2,
                  "command": ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"],
                  "healthCheck": {"command": ["CMD-SHELL", "exit 1"], "interval": 5, "timeout": 2, "retries": 1}}]}"""
                .formatted(name, TestImages.BUSYBOX));

        ecs.ecs("update-service", "--service", name, "--task-definition", sick);
        String bad = ecs.describe(name).deployments().get(0).id();
        Service back = ecs.await(name, DEPLOY, s -> EcsServices.stable(s) && s.deployments().get(0).id().equals(good)
                && ecs.events(name).stream().anyMatch(event -> event.contains("deployment failed")));

        assertThat(back.taskDefinition()).endsWith(v1);
        assertThat(back.deployments().get(0).rolloutStateReason()).isEqualTo("ECS deployment " + good + " completed.");
        List<String> events = ecs.events(name);
        assertThat(events).contains("(service " + name + ") (deployment " + bad + ") deployment failed: tasks failed to start.",
                "(service " + name + ") rolling back to deployment " + good + ".");
        assertThat(events).anyMatch(event -> event.matches("\\(service " + name + "\\) \\(task \\w+\\) failed container health checks\\."));
        assertThat(definitionsOf(ecs.tasksOf(name))).containsExactly(v1);
        assertThat(ecs.aws().run("ecs", "wait", "services-stable", "--services", name).exitCode())
                .as("after a rollback the waiter succeeds, as on ECS").isZero();
        deleteQuietly(name);
    }

    @Test
    void aKilledContainerIsReplacedAndScalingGoesBothWays() {
        String name = "scale-" + suffix();
        create(name, ecs.register(healthy(name, "v1")), 3);
        ecs.awaitStable(name, DEPLOY);
        Task victim = ecs.tasksOf(name).get(0);

        DockerCli.run("kill", victim.containers().get(0).runtimeId());

        ecs.tasks().awaitStatus(victim.taskArn(), "STOPPED");
        Service replaced = ecs.await(name, DEPLOY, s -> EcsServices.stable(s)
                && ecs.tasksOf(name).stream().noneMatch(task -> task.taskArn().equals(victim.taskArn())));
        assertThat(replaced.runningCount()).isEqualTo(3);

        ecs.ecs("update-service", "--service", name, "--desired-count", "6");
        assertThat(ecs.awaitStable(name, DEPLOY).deployments()).as("scaling starts no deployment").hasSize(1);
        assertThat(ecs.tasksOf(name)).hasSize(6);

        ecs.ecs("update-service", "--service", name, "--desired-count", "1");
        ecs.awaitStable(name, DEPLOY);
        assertThat(ecs.tasksOf(name)).hasSize(1);
        deleteQuietly(name);
    }

    @Test
    void deletingAServiceStopsAllItsTasksAndItEndsInactive() {
        String name = "deleted-" + suffix();
        create(name, ecs.register(healthy(name, "v1")), 2);
        ecs.awaitStable(name, DEPLOY);
        List<String> containers = ecs.tasksOf(name).stream().map(task -> task.containers().get(0).runtimeId()).toList();

        AwsCli.Result refused = ecs.aws().run("ecs", "delete-service", "--service", name);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("InvalidParameterException").contains("scaled above 0");
        assertThat(ecs.ecs("delete-service", "--service", name, "--force").at("/service/status").asText()).isEqualTo("DRAINING");
        ecs.await(name, DEPLOY, s -> s.status().equals("INACTIVE"));

        assertThat(ecs.aws().run("ecs", "wait", "services-inactive", "--services", name).exitCode()).isZero();
        assertThat(ecs.tasksOf(name)).isEmpty();
        for (String container : containers) {
            assertThat(DockerCli.inspect(container, "{{.State.Running}}")).isEqualTo("false");
        }
        assertThat(ecs.ecs("list-services").get("serviceArns").toString()).doesNotContain(name);
    }
}
