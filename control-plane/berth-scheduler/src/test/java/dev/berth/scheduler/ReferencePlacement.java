package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import dev.berth.scheduler.cluster.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS placement written the slow, obvious way, to check the scheduler against: every instance
 * checked, every strategy's key computed from scratch, the best set found by a full scan. Shares
 * no code with the scheduler beyond the public model and the expression evaluator.
 */
final class ReferencePlacement {
    private ReferencePlacement() {}

    /** The first check the instance fails for one more copy, or null. */
    static Reason failure(Instance instance, PlacementRequest request) {
        TaskDemand task = request.task();
        for (Constraint constraint : request.constraints()) {
            if (constraint instanceof Constraint.DistinctInstance && instance.tasksByGroup().getOrDefault(task.group(), 0) > 0) {
                return Reason.DISTINCT_INSTANCE;
            }
            if (constraint instanceof Constraint.MemberOf memberOf && !memberOf.expression().matches(instance)) {
                return Reason.MEMBER_OF;
            }
        }
        if (!instance.attributes().keySet().containsAll(task.requiredAttributes())) {
            return Reason.ATTRIBUTE;
        }
        if (instance.remainingCpu() < task.cpu()) {
            return Reason.CPU;
        }
        if (instance.remainingMemory() < task.memory()) {
            return Reason.MEMORY;
        }
        for (Protocol protocol : Protocol.values()) {
            for (Port port : task.hostPorts()) {
                if (port.protocol() == protocol && instance.reservedPorts().contains(port)) {
                    return protocol == Protocol.TCP ? Reason.PORTS : Reason.PORTS_UDP;
                }
            }
        }
        return null;
    }

    /** The ids of the candidates every strategy ranks best (the set the final draw picks from). */
    static List<String> best(List<Instance> instances, PlacementRequest request) {
        List<Instance> candidates = new ArrayList<>();
        for (Instance instance : instances) {
            if (failure(instance, request) == null) {
                candidates.add(instance);
            }
        }
        for (Strategy strategy : request.strategies()) {
            if (strategy instanceof Strategy.Random) {
                break;
            }
            Map<String, Long> tasksPerValue = tasksPerValue(strategy, instances, request.task().group());
            Map<Instance, Long> keys = new HashMap<>();
            for (Instance candidate : candidates) {
                keys.put(candidate, key(strategy, candidate, tasksPerValue, request.task().group()));
            }
            long least = keys.values().stream().mapToLong(Long::longValue).min().orElse(0);
            List<Instance> tied = new ArrayList<>();
            for (Instance candidate : candidates) {
                if (keys.get(candidate) == least) {
                    tied.add(candidate);
                }
            }
            candidates = tied;
        }
        return candidates.stream().map(Instance::id).toList();
    }

    static List<Rejection> rejections(List<Instance> instances, PlacementRequest request) {
        return instances.stream().map(instance -> new Rejection(instance.id(), failure(instance, request))).toList();
    }

    private static long key(Strategy strategy, Instance candidate, Map<String, Long> tasksPerValue, String group) {
        return switch (strategy) {
            case Strategy.Random random -> 0;
            case Strategy.Binpack binpack -> binpack.resource() == Strategy.Resource.CPU ? candidate.remainingCpu() : candidate.remainingMemory();
            case Strategy.Spread spread when spread.field().equals("instanceId") || spread.field().equals("host") ->
                    candidate.tasksByGroup().getOrDefault(group, 0);
            case Strategy.Spread spread -> {
                String attribute = spread.field().substring("attribute:".length());
                yield tasksPerValue.get(String.valueOf(candidate.attributes().get(attribute)));
            }
        };
    }

    /**
     * For a spread over an attribute: the group's tasks per value over the whole snapshot, an
     * absent attribute counting as the value "null" (no test value spells that).
     */
    private static Map<String, Long> tasksPerValue(Strategy strategy, List<Instance> all, String group) {
        Map<String, Long> counts = new HashMap<>();
        if (strategy instanceof Strategy.Spread spread && spread.field().startsWith("attribute:")) {
            String attribute = spread.field().substring("attribute:".length());
            for (Instance instance : all) {
                counts.merge(String.valueOf(instance.attributes().get(attribute)), (long) instance.tasksOf(group), Long::sum);
            }
        }
        return counts;
    }

    /** The snapshot with one copy placed on {@code id}. */
    static List<Instance> withCopyOn(List<Instance> instances, String id, TaskDemand task) {
        List<Instance> after = new ArrayList<>(instances);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < after.size(); i++) {
            index.put(after.get(i).id(), i);
        }
        int at = index.get(id);
        after.set(at, after.get(at).withPlacedTask(task.group(), task.cpu(), task.memory(), task.hostPorts()));
        return after;
    }
}
