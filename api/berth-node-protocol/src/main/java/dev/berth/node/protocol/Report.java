package dev.berth.node.protocol;

import java.util.List;

/**
 * What an agent observes: sent on every change and as its heartbeat. Each report carries the
 * full observed state of every task the agent knows, so a lost report costs nothing.
 *
 * @param tasks the observed state of each task
 */
public record Report(List<TaskReport> tasks) {
}
