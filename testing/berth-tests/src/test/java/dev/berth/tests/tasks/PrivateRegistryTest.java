package dev.berth.tests.tasks;

import static dev.berth.tests.tasks.TaskLifecycleTest.container;
import static dev.berth.tests.tasks.TaskLifecycleTest.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.core.RegistryCredentials;
import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsTasks;
import dev.berth.tests.support.PrivateRegistry;
import dev.berth.tests.support.RunningBerth;
import dev.berth.tests.support.TestImages;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An image in a registry that wants a password: the agent pulls it with the credentials of a
 * {@code docker login} config file (ECS_ENGINE_AUTH_DATA), and without them the task stops with
 * the registry's refusal in CannotPullContainerError.
 */
class PrivateRegistryTest {
    @TempDir
    Path directory;

    @Test
    void theAgentPullsWithTheCredentialsItWasGivenAndFailsClearlyWithout() throws Exception {
        TestImages.busybox();
        try (PrivateRegistry registry = PrivateRegistry.start(directory)) {
            String image = registry.push(TestImages.BUSYBOX, "private/busybox:" + suffix());
            try {
                try (RunningBerth berth = RunningBerth.withAgent(RunningBerth.FAST, Map.of());
                     EcsTasks ecs = new EcsTasks(berth)) {
                    Task refused = ecs.awaitStatus(ecs.run(ecs.register(sleeper(image))), "STOPPED");

                    assertThat(refused.stopCodeAsString()).isEqualTo("TaskFailedToStart");
                    assertThat(refused.stoppedReason()).startsWith("CannotPullContainerError: ")
                            .contains("no basic auth credentials");
                    assertThat(container(refused, "main").reason()).startsWith("CannotPullContainerError: ");
                }
                RegistryCredentials credentials = RegistryCredentials.read(registry.login());
                try (RunningBerth berth = RunningBerth.withAgent(RunningBerth.FAST, Map.of(), credentials);
                     EcsTasks ecs = new EcsTasks(berth)) {
                    String taskArn = ecs.run(ecs.register(sleeper(image)));

                    Task running = ecs.awaitStatus(taskArn, "RUNNING");

                    assertThat(DockerCli.inspect(running.containers().get(0).runtimeId(), "{{.Config.Image}}")).isEqualTo(image);
                    assertThat(running.containers().get(0).imageDigest()).startsWith("sha256:");
                    ecs.sdk().stopTask(b -> b.task(taskArn));
                    ecs.awaitStatus(taskArn, "STOPPED");
                }
            } finally {
                DockerCli.attempt("rmi", "-f", image);
            }
        }
    }

    private static String sleeper(String image) {
        return """
                {"family": "private-%s", "containerDefinitions": [{"name": "main", "image": "%s", "memory": 32,
                  "command": ["sleep", "600"], "stopTimeout": 1}]}""".formatted(suffix(), image);
    }
}
