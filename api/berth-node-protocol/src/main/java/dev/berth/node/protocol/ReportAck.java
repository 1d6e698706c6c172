package dev.berth.node.protocol;

/**
 * @param index the store's change index after the report was applied
 * @param instanceStatus the instance's status (INACTIVE tells the agent it was deregistered)
 */
public record ReportAck(long index, String instanceStatus) {
}
