package dev.berth.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container engine as the agent uses it. Implementations are thread-safe; calls block their
 * (virtual) thread. Failures are {@link RuntimeFailure} with the engine's message.
 */
public interface ContainerRuntime extends AutoCloseable {
    /** The engine and host: CPUs, memory, versions, architecture. */
    EngineInfo info();

    boolean imageExists(String image);

    /**
     * Pulls an image, logging in with {@code login} when it is not null; {@link RuntimeFailure}
     * carries the engine's words when it cannot.
     */
    void pull(String image, Duration timeout, RegistryLogin login);

    /** The digest the local image is known by (sha256:…), or null. */
    String imageDigest(String image);

    /** Imports a single-layer image from a tar of its root file system (the agent's sandbox image). */
    void importImage(String image, byte[] rootfsTar);

    String create(ContainerSpec spec);

    void start(String containerId);

    /** Stops with SIGTERM (or the image's stop signal), then SIGKILL after {@code timeout}. */
    void stop(String containerId, Duration timeout);

    void kill(String containerId);

    void remove(String containerId);

    ContainerState inspect(String containerId);

    /** Containers (running or not) carrying every given label. */
    List<ContainerSummary> list(Map<String, String> labels);

    void createVolume(String name, String driver, Map<String, String> options, Map<String, String> labels);

    boolean volumeExists(String name);

    void removeVolume(String name);

    /** Volumes carrying every given label. */
    List<String> volumes(Map<String, String> labels);

    /**
     * Delivers the engine's container events (start, die, health changes, oom) for containers
     * carrying the label; the subscription ends when the returned handle is closed.
     */
    AutoCloseable events(Map<String, String> labels, Consumer<ContainerEvent> listener);

    @Override
    void close();
}
