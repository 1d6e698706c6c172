package dev.berth.node.protocol;

/**
 * @param cluster the cluster joined
 * @param containerInstanceId the instance's id (32 hex), kept by the agent to resume after a restart
 * @param token the secret that authenticates this instance's polls and reports (Bearer); kept
 *     by the agent, stored only as a hash by the server
 * @param heartbeatSeconds how often the agent should report when nothing changes
 */
public record RegisterResponse(String cluster, String containerInstanceId, String token, int heartbeatSeconds) {
}
