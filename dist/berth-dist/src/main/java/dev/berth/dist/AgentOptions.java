package dev.berth.dist;

import dev.berth.agent.core.AgentSettings;
import dev.berth.agent.core.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that say how an agent runs tasks, shared by {@code berth agent} and {@code berth up}. */
final class AgentOptions {
    @Option(names = "--docker-host", description = "The Docker Engine (default: DOCKER_HOST or unix:///var/run/docker.sock).")
    String dockerHost;

    @Option(names = "--availability-zone", defaultValue = "local",
            description = "The value of the ecs.availability-zone attribute (default: ${DEFAULT-VALUE}).")
    String availabilityZone;

    @Option(names = "--reserved-memory", defaultValue = "256",
            description = "MiB kept for the host itself, not offered to tasks (default: ${DEFAULT-VALUE}).")
    int reservedMemory;

    @Option(names = "--pull-behavior", defaultValue = "DEFAULT",
            description = "When images are pulled, as ECS_IMAGE_PULL_BEHAVIOR: DEFAULT, ALWAYS, ONCE, PREFER_CACHED.")
    AgentSettings.PullBehavior pullBehavior;

    @Option(names = "--container-stop-timeout", defaultValue = "30",
            description = "Seconds between SIGTERM and SIGKILL for containers that set no stopTimeout (default: ${DEFAULT-VALUE}).")
    int stopTimeoutSeconds;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--registry-auth-file", paramLabel = "CONFIG_JSON",
            description = "Registry credentials to pull with, in Docker's config.json form ({\"auths\": {\"host:port\": "
                    + "{\"auth\": \"base64(user:password)\"}}}), as ECS_ENGINE_AUTH_DATA; docker login writes one.")
    Path registryAuthFile;

    @Option(names = "--task-cleanup-wait", defaultValue = "600",
            description = "Seconds the containers of a stopped task are kept for inspection (default: ${DEFAULT-VALUE}).")
    int cleanupWaitSeconds;

    AgentSettings settings() {
        AgentSettings defaults = AgentSettings.defaults();
        RegistryCredentials credentials;
        try {
            credentials = registryAuthFile == null ? RegistryCredentials.none() : RegistryCredentials.read(registryAuthFile);
        } catch (IOException e) {
            // a usage error, not a crash: picocli prints it without a stack trace and exits 2
            throw new ParameterException(command.commandLine(), "--registry-auth-file " + registryAuthFile + ": "
                    + (Files.isReadable(registryAuthFile) ? e.getMessage() : "cannot read it"), e, null, registryAuthFile.toString());
        }
        return new AgentSettings(pullBehavior, defaults.pullTimeout(), Duration.ofSeconds(stopTimeoutSeconds),
                Duration.ofSeconds(cleanupWaitSeconds), defaults.orphanGrace(), credentials);
    }
}
