package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import java.util.List;

/** Short ways to ask the scheduler in tests. */
final class Requests {
    static final String GROUP = "service:web";

    private Requests() {}

    static TaskDemand web(int cpu, int memory) {
        return TaskDemand.of(GROUP, cpu, memory);
    }

    static PlacementRequest request(TaskDemand task, int count, List<Strategy> strategies, List<Constraint> constraints) {
        return new PlacementRequest(task, count, strategies, constraints);
    }

    static Placement place(List<Instance> instances, TaskDemand task, int count, Strategy... strategies) {
        return Scheduler.place(instances, new PlacementRequest(task, count, List.of(strategies), List.of()), 42);
    }

    static Placement place(List<Instance> instances, TaskDemand task, int count, List<Constraint> constraints) {
        return Scheduler.place(instances, new PlacementRequest(task, count, List.of(), constraints), 42);
    }
}
