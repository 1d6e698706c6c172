package dev.berth.scheduler;

import java.util.List;
import java.util.Objects;

/**
 * Where to put {@code count} copies of a task.
 *
 * @param strategies at most five, applied in order; none means random
 * @param constraints all must hold for an instance to be a candidate
 */
public record PlacementRequest(TaskDemand task, int count, List<Strategy> strategies, List<Constraint> constraints) {
    /** ECS accepts at most five placement strategies. */
    public static final int MAX_STRATEGIES = 5;

    public PlacementRequest {
        Objects.requireNonNull(task, "task");
        strategies = List.copyOf(strategies);
        constraints = List.copyOf(constraints);
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative: " + count);
        }
        if (strategies.size() > MAX_STRATEGIES) {
            throw new IllegalArgumentException("at most " + MAX_STRATEGIES + " placement strategies, not " + strategies.size());
        }
    }

    /** {@code count} copies, placed at random, without constraints. */
    public static PlacementRequest of(TaskDemand task, int count) {
        return new PlacementRequest(task, count, List.of(), List.of());
    }
}
