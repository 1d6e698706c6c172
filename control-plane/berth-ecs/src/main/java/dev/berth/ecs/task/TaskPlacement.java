package dev.berth.ecs.task;

import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.instance.PlacementView;
import dev.berth.ecs.instance.Reservation;
import dev.berth.ecs.instance.TaskCounts;
import dev.berth.scheduler.Outcome;
import dev.berth.scheduler.Placement;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.Rejection;
import dev.berth.scheduler.Scheduler;
import dev.berth.scheduler.TaskDemand;
import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Between ECS records and the pure scheduler: instance records to scheduler instances, a task's
 * reservation to a demand, and the outcome back to instance ids and ECS failure reasons. Pure.
 */
final class TaskPlacement {
    private TaskPlacement() {
    }

    /**
     * @param instanceIds where each placed copy goes, in order
     * @param failures for copies that could not be placed: instance id → ECS reason
     */
    record Outcomes(List<String> instanceIds, Map<String, String> failures) {
    }

    static Outcomes place(List<InstanceRecord> instances, Reservation reservation, Set<String> requiredAttributes, int count,
                          PlacementSpec spec, long seed) {
        List<Instance> views = new ArrayList<>();
        for (InstanceRecord instance : instances) {
            int active = instance.tasksByGroup().values().stream().mapToInt(Integer::intValue).sum();
            // Placement reads task counts from the instance record, not the tasks: one read per instance.
            views.add(PlacementView.of(instance, new TaskCounts(active, 0, active)));
        }
        Set<Port> ports = new HashSet<>();
        reservation.tcpPorts().forEach(port -> ports.add(Port.tcp(port)));
        reservation.udpPorts().forEach(port -> ports.add(Port.udp(port)));
        TaskDemand demand = new TaskDemand(reservation.group(), reservation.cpu(), reservation.memory(), ports,
                requiredAttributes);
        Placement placement = Scheduler.place(views, new PlacementRequest(demand, count, spec.strategies(),
                spec.constraints()), seed);
        List<String> placed = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Outcome outcome : placement.outcomes()) {
            switch (outcome) {
                case Outcome.Placed copy -> placed.add(copy.instanceId());
                case Outcome.Unplaced copy -> {
                    for (Rejection rejection : copy.rejections()) {
                        failures.putIfAbsent(rejection.instanceId(), rejection.reason().ecsReason());
                    }
                }
            }
        }
        return new Outcomes(placed, failures);
    }
}
