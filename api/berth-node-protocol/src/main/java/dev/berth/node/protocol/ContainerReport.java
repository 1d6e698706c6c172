package dev.berth.node.protocol;

import java.util.List;

/**
 * The observed state of one container of a task.
 *
 * @param name the container definition's name
 * @param runtimeId the Docker container id (64 hex)
 * @param imageDigest the digest of the image it runs (sha256:…)
 * @param lastStatus PENDING, RUNNING or STOPPED
 * @param exitCode once stopped
 * @param reason why it stopped or failed, when something says so (OutOfMemoryError, CannotPullContainerError…)
 * @param healthStatus HEALTHY, UNHEALTHY or UNKNOWN
 * @param networkBindings its published ports
 */
public record ContainerReport(String name, String runtimeId, String imageDigest, String lastStatus, Integer exitCode,
                              String reason, String healthStatus, List<NetworkBinding> networkBindings) {
}
