package dev.berth.node.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task the agent should run, or stop.
 *
 * @param taskId the task's id (32 hex)
 * @param taskArn for logs and labels
 * @param desiredStatus RUNNING or STOPPED
 * @param definition the ECS TaskDefinition with the task's overrides already applied; the agent
 *     reads the members it honours and ignores the rest
 * @param stopCode when the control plane stops the task, why (UserInitiated, …); else null
 * @param stoppedReason the words that go with it
 */
public record TaskAssignment(String taskId, String taskArn, String desiredStatus, JsonNode definition,
                             String stopCode, String stoppedReason) {
}
