package dev.berth.agent.core;

import java.time.Duration;

/**
 * How the agent runs tasks.
 *
 * @param pullBehavior when images are pulled (ECS_IMAGE_PULL_BEHAVIOR)
 * @param pullTimeout how long one pull may take
 * @param stopTimeout the stop timeout of containers that set none (ECS_CONTAINER_STOP_TIMEOUT, 30 s)
 * @param cleanupWait how long the containers of a stopped task are kept for inspection before removal
 * @param orphanGrace how long a labelled container no task claims is left alone before removal
 * @param registryCredentials what images are pulled with, by registry
 */
public record AgentSettings(PullBehavior pullBehavior, Duration pullTimeout, Duration stopTimeout, Duration cleanupWait,
                            Duration orphanGrace, RegistryCredentials registryCredentials) {
    /** ECS_IMAGE_PULL_BEHAVIOR. */
    public enum PullBehavior {
        /** Pull; if that fails, run the cached image when there is one. */
        DEFAULT,
        /** Pull every time; fail the task when the pull fails. */
        ALWAYS,
        /** Pull only if the image is not on the host. */
        ONCE,
        /** Use a cached image when there is one; pull otherwise. */
        PREFER_CACHED
    }

    public AgentSettings withRegistryCredentials(RegistryCredentials credentials) {
        return new AgentSettings(pullBehavior, pullTimeout, stopTimeout, cleanupWait, orphanGrace, credentials);
    }

    public static AgentSettings defaults() {
        return new AgentSettings(PullBehavior.DEFAULT, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofMinutes(1), RegistryCredentials.none());
    }
}
