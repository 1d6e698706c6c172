package dev.berth.node.protocol;

import java.util.List;

/**
 * The full set of tasks the control plane wants on one instance, as of a store index. The agent
 * compares it with what Docker runs and acts on the difference; the next poll passes
 * {@code index} to wait for anything newer.
 *
 * @param index the change index this answer reflects
 * @param instanceStatus ACTIVE, DRAINING or INACTIVE (deregistered: the agent should stop)
 * @param tasks every task placed on the instance that is not yet known to be STOPPED
 */
public record DesiredState(long index, String instanceStatus, List<TaskAssignment> tasks) {
}
