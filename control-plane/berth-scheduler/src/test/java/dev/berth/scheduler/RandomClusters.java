package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random clusters and requests for property tests, small enough to collide often: few zones, few
 * groups, few ports, resources near the demands, so that every check and every tie happens.
 */
final class RandomClusters {
    static final List<String> GROUPS = List.of("service:web", "service:api", "family:db");
    static final List<Port> PORTS = List.of(Port.tcp(80), Port.tcp(443), Port.udp(53), Port.udp(80));
    static final List<String> EXPRESSIONS = List.of(
            "attribute:ecs.availability-zone in [a, b]",
            "attribute:stack == prod",
            "attribute:stack !exists or attribute:gpu exists",
            "not(task:group == service:web)",
            "task:group == family:db",
            "runningTasksCount < 3",
            "attribute:ecs.instance-type =~ t.*",
            "pendingTasksCount <= 1");
    static final List<Strategy> STRATEGIES = List.of(
            Strategy.random(),
            Strategy.spread("attribute:ecs.availability-zone"),
            Strategy.spread("attribute:stack"),
            Strategy.spread("instanceId"),
            Strategy.spread("host"),
            Strategy.binpack(Strategy.Resource.CPU),
            Strategy.binpack(Strategy.Resource.MEMORY));

    private RandomClusters() {}

    static List<Instance> cluster(Random random, int size) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Map<String, String> attributes = new HashMap<>();
            if (random.nextInt(10) > 0) {
                attributes.put("ecs.availability-zone", List.of("a", "b", "c").get(random.nextInt(3)));
            }
            attributes.put("ecs.instance-type", random.nextBoolean() ? "t3.large" : "m5.large");
            if (random.nextBoolean()) {
                attributes.put("stack", random.nextBoolean() ? "prod" : "dev");
            }
            if (random.nextInt(3) == 0) {
                attributes.put("gpu", "");
            }
            Set<Port> reserved = new HashSet<>();
            for (Port port : PORTS) {
                if (random.nextInt(6) == 0) {
                    reserved.add(port);
                }
            }
            Map<String, Integer> tasks = new HashMap<>();
            int running = 0;
            for (String group : GROUPS) {
                int count = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
                if (count > 0 || random.nextInt(8) == 0) {
                    tasks.put(group, count);
                }
                running += count;
            }
            Map<String, String> fields = Map.of("runningTasksCount", Integer.toString(running), "pendingTasksCount", "0");
            // Coarse steps make binpack ties common.
            int cpu = 128 * random.nextInt(12);
            int memory = 256 * random.nextInt(12);
            instances.add(new Instance("ci-" + i, attributes, fields, cpu, memory, reserved, tasks));
        }
        return instances;
    }

    static PlacementRequest request(Random random) {
        Set<Port> hostPorts = new HashSet<>();
        if (random.nextInt(3) == 0) {
            hostPorts.add(PORTS.get(random.nextInt(PORTS.size())));
        }
        Set<String> required = random.nextInt(5) == 0 ? Set.of("gpu") : Set.of();
        TaskDemand task = new TaskDemand(GROUPS.get(random.nextInt(GROUPS.size())), 128 * random.nextInt(4), 256 * random.nextInt(4), hostPorts, required);
        List<Strategy> strategies = new ArrayList<>();
        for (int i = random.nextInt(PlacementRequest.MAX_STRATEGIES + 1); i > 0; i--) {
            strategies.add(STRATEGIES.get(random.nextInt(STRATEGIES.size())));
        }
        List<Constraint> constraints = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            constraints.add(Constraint.distinctInstance());
        }
        if (random.nextInt(3) == 0) {
            constraints.add(Constraint.memberOf(EXPRESSIONS.get(random.nextInt(EXPRESSIONS.size()))));
        }
        if (random.nextBoolean()) {
            java.util.Collections.reverse(constraints);
        }
        return new PlacementRequest(task, 1 + random.nextInt(30), strategies, constraints);
    }
}
