package dev.berth.tests.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsTasks;
import dev.berth.tests.support.RunningBerth;
import dev.berth.tests.support.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/** Tasks on a real Docker Engine, with the states, reasons and exit codes an ECS user reads. */
class TaskLifecycleTest {
    private static final String IMAGE = TestImages.BUSYBOX;
    private static RunningBerth berth;
    private static EcsTasks ecs;

    @BeforeAll
    static void start() {
        berth = RunningBerth.withAgent();
        ecs = new EcsTasks(berth);
    }

    @AfterAll
    static void stop() {
        ecs.close();
        berth.close();
    }

    @Test
    void aTaskReachesRunningWithItsPortPublishedOnTheHost() throws Exception {
        String definition = ecs.register("""
                {"family": "web-%s", "containerDefinitions": [{"name": "web", "image": "%s", "memory": 64,
                  "command": ["sh", "-c", "mkdir -p /www && echo served-by-berth > /www/index.html && exec httpd -f -p 8080 -h /www"],
                  "portMappings": [{"containerPort": 8080}]}]}""".formatted(suffix(), IMAGE));

        String taskArn = ecs.run(definition);
        assertThat(ecs.describe(taskArn).lastStatus()).isIn("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING");
        Task task = ecs.awaitStatus(taskArn, "RUNNING");

        Container container = task.containers().get(0);
        assertThat(container.lastStatus()).isEqualTo("RUNNING");
        assertThat(container.runtimeId()).hasSize(64);
        assertThat(DockerCli.inspect(container.runtimeId(), "{{.State.Running}}")).isEqualTo("true");
        assertThat(DockerCli.inspect(container.runtimeId(), "{{index .Config.Labels \"berth.task\"}}"))
                .isEqualTo(taskArn.substring(taskArn.lastIndexOf('/') + 1));
        assertThat(container.imageDigest()).startsWith("sha256:");
        assertThat(task.startedAt()).isNotNull();
        assertThat(task.pullStartedAt()).isNotNull();
        assertThat(task.pullStoppedAt()).isAfterOrEqualTo(task.pullStartedAt());
        assertThat(container.networkBindings()).singleElement().satisfies(binding -> {
            assertThat(binding.containerPort()).isEqualTo(8080);
            assertThat(binding.hostPort()).isGreaterThan(1024);
        });
        int hostPort = container.networkBindings().get(0).hostPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("served-by-berth\n");

        ecs.sdk().stopTask(b -> b.task(taskArn).reason("done here"));
        Task stopped = ecs.awaitStatus(taskArn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("done here");
        assertThat(stopped.stoppingAt()).isNotNull();
        assertThat(stopped.executionStoppedAt()).isNotNull();
        assertThat(stopped.stoppedAt()).isAfterOrEqualTo(stopped.stoppingAt());
    }

    @Test
    void anEssentialContainersExitStopsTheTaskWithItsExitCode() {
        String definition = ecs.register("""
                {"family": "exits-%s", "containerDefinitions": [
                  {"name": "job", "image": "%s", "memory": 32, "command": ["sh", "-c", "sleep 1; exit 3"]},
                  {"name": "sidecar", "image": "%s", "memory": 32, "essential": false,
                   "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]}]}"""
                .formatted(suffix(), IMAGE, IMAGE));

        Task task = ecs.awaitStatus(ecs.run(definition), "STOPPED");

        assertThat(task.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(task.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(container(task, "job").exitCode()).isEqualTo(3);
        assertThat(container(task, "sidecar").lastStatus()).isEqualTo("STOPPED");
        assertThat(container(task, "sidecar").exitCode()).as("stopped with SIGTERM, which it traps").isZero();
        assertThat(task.desiredStatus()).isEqualTo("STOPPED");
    }

    @Test
    void aStopThatOutlastsTheStopTimeoutEndsInSigkill() {
        // busybox sleep as PID 1 has no SIGTERM handler, so the kernel ignores SIGTERM for it.
        String definition = ecs.register("""
                {"family": "stubborn-%s", "containerDefinitions": [{"name": "stubborn", "image": "%s", "memory": 32,
                  "command": ["sleep", "600"], "stopTimeout": 1}]}""".formatted(suffix(), IMAGE));
        String taskArn = ecs.run(definition);
        ecs.awaitStatus(taskArn, "RUNNING");

        long stopping = System.nanoTime();
        ecs.sdk().stopTask(b -> b.task(taskArn));
        Task stopped = ecs.awaitStatus(taskArn, "STOPPED");

        assertThat(container(stopped, "stubborn").exitCode()).isEqualTo(137);
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("Task stopped by user");
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anImageThatCannotBePulledStopsOnlyItsTask() {
        String healthy = ecs.run(ecs.register(sleeper("bystander-" + suffix())));
        ecs.awaitStatus(healthy, "RUNNING");
        String definition = ecs.register("""
                {"family": "nopull-%s", "containerDefinitions": [{"name": "app", "image": "127.0.0.1:9/berth/absent:1",
                  "memory": 32}]}""".formatted(suffix()));

        Task failed = ecs.awaitStatus(ecs.run(definition), "STOPPED");

        assertThat(failed.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(failed.stoppedReason()).startsWith("CannotPullContainerError: ").contains("127.0.0.1:9");
        assertThat(container(failed, "app").reason()).startsWith("CannotPullContainerError: ");
        assertThat(ecs.describe(healthy).lastStatus()).as("the other task is untouched").isEqualTo("RUNNING");
        ecs.sdk().stopTask(b -> b.task(healthy));
    }

    @Test
    void dockerKillOfAContainerStopsItsTask() {
        String taskArn = ecs.run(ecs.register(sleeper("killed-" + suffix())));
        Task running = ecs.awaitStatus(taskArn, "RUNNING");

        DockerCli.run("kill", running.containers().get(0).runtimeId());

        Task stopped = ecs.awaitStatus(taskArn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(container(stopped, "main").exitCode()).isEqualTo(137);
    }

    @Test
    void anUnhealthyContainerMakesTheTaskUnhealthy() {
        String definition = ecs.register("""
                {"family": "sick-%s", "containerDefinitions": [{"name": "sick", "image": "%s", "memory": 32,
                  "command": ["sleep", "600"], "stopTimeout": 1,
                  "healthCheck": {"command": ["CMD-SHELL", "exit 1"], "interval": 5, "timeout": 2, "retries": 1}}]}"""
                .formatted(suffix(), IMAGE));
        String taskArn = ecs.run(definition);

        Task task = ecs.awaitTask(taskArn, Duration.ofSeconds(60),
                t -> "UNHEALTHY".equals(t.healthStatusAsString()));

        assertThat(container(task, "sick").healthStatusAsString()).isEqualTo("UNHEALTHY");
        assertThat(task.lastStatus()).as("ECS leaves an unhealthy standalone task running").isEqualTo("RUNNING");
        ecs.sdk().stopTask(b -> b.task(taskArn));
    }

    static String sleeper(String family) {
        return """
                {"family": "%s", "containerDefinitions": [{"name": "main", "image": "%s", "memory": 32,
                  "command": ["sleep", "600"], "stopTimeout": 1}]}""".formatted(family, IMAGE);
    }

    static Container container(Task task, String name) {
        return task.containers().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + task));
    }

    static String suffix() {
        return Long.toHexString(System.nanoTime());
    }
}
