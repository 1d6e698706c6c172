package dev.berth.node.protocol;

import java.util.List;

/**
 * The observed state of one task. Only the agent writes these fields.
 *
 * @param taskId the task
 * @param lastStatus PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING or STOPPED
 * @param pullStartedAt when the first image pull began (epoch ms), or null
 * @param pullStoppedAt when the last image pull ended
 * @param startedAt when the task became RUNNING
 * @param executionStoppedAt when its essential containers had all stopped
 * @param stoppedAt when it reached STOPPED
 * @param stopCode why it stopped, when the agent decided it (EssentialContainerExited, TaskFailedToStart)
 * @param stoppedReason the words for it ("Essential container in task exited", "CannotPullContainerError: …")
 * @param privateIpv4Address the task's own address in awsvpc mode
 * @param containers the containers' observed state
 */
public record TaskReport(String taskId, String lastStatus, Long pullStartedAt, Long pullStoppedAt, Long startedAt,
                         Long executionStoppedAt, Long stoppedAt, String stopCode, String stoppedReason,
                         String privateIpv4Address, List<ContainerReport> containers) {
}
