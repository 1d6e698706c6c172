package dev.berth.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Properties over thousands of random clusters and requests (seeded, so a failure replays): the
 * scheduler agrees copy by copy with {@link ReferencePlacement}, never over-commits, honours
 * distinctInstance, is deterministic, and spreads evenly when there is room.
 */
class PlacementPropertyTest {
    private static final int TRIALS = 3_000;

    @Test
    void everyCopyGoesToAnInstanceTheReferenceRanksBestAndFailuresCarryItsReasons() {
        Random random = new Random(20_261_122);
        int placed = 0;
        int unplaced = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Instance> cluster = RandomClusters.cluster(random, 1 + random.nextInt(25));
            PlacementRequest request = RandomClusters.request(random);
            long seed = random.nextLong();
            Placement placement = Scheduler.place(cluster, request, seed);

            List<Instance> state = cluster;
            for (Outcome outcome : placement.outcomes()) {
                List<String> best = ReferencePlacement.best(state, request);
                String context = "trial " + trial + ", " + request + ", copy after " + (placed + unplaced);
                switch (outcome) {
                    case Outcome.Placed copy -> {
                        assertThat(best).as(context).contains(copy.instanceId());
                        state = ReferencePlacement.withCopyOn(state, copy.instanceId(), request.task());
                        placed++;
                    }
                    case Outcome.Unplaced failure -> {
                        assertThat(best).as(context).isEmpty();
                        assertThat(failure.rejections()).as(context).isEqualTo(ReferencePlacement.rejections(state, request));
                        unplaced++;
                    }
                }
            }
            assertThat(placement.outcomes()).hasSize(request.count());
            assertThat(placement.instancesAfter()).isEqualTo(state);
        }
        // The generator must exercise both sides.
        assertThat(placed).isGreaterThan(10_000);
        assertThat(unplaced).isGreaterThan(1_000);
    }

    @Test
    void neverOverCommitsAndNeverReusesAPort() {
        Random random = new Random(7);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Instance> cluster = RandomClusters.cluster(random, 1 + random.nextInt(25));
            PlacementRequest request = RandomClusters.request(random);
            Placement placement = Scheduler.place(cluster, request, random.nextLong());

            Map<String, Long> copies = placement.placedInstanceIds().stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            for (Instance instance : cluster) {
                long onIt = copies.getOrDefault(instance.id(), 0L);
                TaskDemand task = request.task();
                assertThat(onIt * task.cpu()).as("cpu on " + instance).isLessThanOrEqualTo(instance.remainingCpu());
                assertThat(onIt * task.memory()).as("memory on " + instance).isLessThanOrEqualTo(instance.remainingMemory());
                if (onIt > 0) {
                    for (Port port : task.hostPorts()) {
                        assertThat(instance.reservedPorts()).as("reserved ports of " + instance).doesNotContain(port);
                    }
                    assertThat(onIt).as("copies with host ports on " + instance).isLessThanOrEqualTo(task.hostPorts().isEmpty() ? Long.MAX_VALUE : 1);
                }
            }
            assertThat(placement.instancesAfter()).allSatisfy(after -> {
                assertThat(after.remainingCpu()).isGreaterThanOrEqualTo(Math.min(0, cpuOf(cluster, after.id())));
                assertThat(after.remainingMemory()).isGreaterThanOrEqualTo(Math.min(0, memoryOf(cluster, after.id())));
            });
        }
    }

    @Test
    void distinctInstanceNeverDoublesUpNorJoinsTheGroup() {
        Random random = new Random(11);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Instance> cluster = RandomClusters.cluster(random, 1 + random.nextInt(25));
            PlacementRequest drawn = RandomClusters.request(random);
            PlacementRequest request = new PlacementRequest(drawn.task(), drawn.count(), drawn.strategies(), List.of(Constraint.distinctInstance()));
            Placement placement = Scheduler.place(cluster, request, random.nextLong());

            List<String> ids = placement.placedInstanceIds();
            assertThat(ids).doesNotHaveDuplicates();
            Set<String> alreadyInGroup = new HashSet<>();
            cluster.stream().filter(instance -> instance.tasksOf(request.task().group()) > 0).forEach(instance -> alreadyInGroup.add(instance.id()));
            assertThat(ids).noneMatch(alreadyInGroup::contains);
        }
    }

    @Test
    void theSameSeedGivesTheSamePlacement() {
        Random random = new Random(13);
        for (int trial = 0; trial < 500; trial++) {
            List<Instance> cluster = RandomClusters.cluster(random, 1 + random.nextInt(25));
            PlacementRequest request = RandomClusters.request(random);
            long seed = random.nextLong();

            assertThat(Scheduler.place(List.copyOf(cluster), request, seed)).isEqualTo(Scheduler.place(cluster, request, seed));
        }
    }

    @Test
    void binpackTakesALeastRemainingInstanceThatFits() {
        Random random = new Random(17);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Instance> cluster = RandomClusters.cluster(random, 1 + random.nextInt(25));
            PlacementRequest drawn = RandomClusters.request(random);
            PlacementRequest request = new PlacementRequest(drawn.task(), drawn.count(), List.of(Strategy.binpack(Strategy.Resource.MEMORY)), drawn.constraints());
            Placement placement = Scheduler.place(cluster, request, random.nextLong());

            List<Instance> state = cluster;
            for (String id : placement.placedInstanceIds()) {
                int least = state.stream().filter(instance -> ReferencePlacement.failure(instance, request) == null)
                        .mapToInt(Instance::remainingMemory).min().orElseThrow();
                assertThat(byId(state, id).remainingMemory()).isEqualTo(least);
                state = ReferencePlacement.withCopyOn(state, id, request.task());
            }
        }
    }

    @Test
    void spreadKeepsZonesAndInstancesWithinOneOfEachOtherWhenThereIsRoom() {
        Random random = new Random(19);
        for (int trial = 0; trial < 300; trial++) {
            int size = 3 + random.nextInt(60);
            List<Instance> cluster = IntStream.range(0, size)
                    .mapToObj(i -> Instances.id("ci-" + i).zone(List.of("a", "b", "c", "d").get(random.nextInt(4))).cpu(100_000).memory(100_000).build())
                    .toList();
            int count = 1 + random.nextInt(200);
            PlacementRequest request = new PlacementRequest(TaskDemand.of("service:web", 1, 1), count,
                    List.of(Strategy.spread("attribute:ecs.availability-zone"), Strategy.spread("instanceId")), List.of());

            List<String> ids = Scheduler.place(cluster, request, random.nextLong()).placedInstanceIds();

            assertThat(ids).hasSize(count);
            Map<String, String> zoneOf = new HashMap<>();
            cluster.forEach(instance -> zoneOf.put(instance.id(), instance.attributes().get("ecs.availability-zone")));
            Map<String, Long> perZone = new HashMap<>();
            cluster.forEach(instance -> perZone.put(zoneOf.get(instance.id()), 0L));
            ids.forEach(id -> perZone.merge(zoneOf.get(id), 1L, Long::sum));
            assertThat(spreadOf(perZone)).as("tasks per zone " + perZone).isLessThanOrEqualTo(1);
            for (String zone : perZone.keySet()) {
                Map<String, Long> perInstance = new HashMap<>();
                cluster.stream().filter(instance -> zoneOf.get(instance.id()).equals(zone)).forEach(instance -> perInstance.put(instance.id(), 0L));
                ids.stream().filter(id -> zoneOf.get(id).equals(zone)).forEach(id -> perInstance.merge(id, 1L, Long::sum));
                assertThat(spreadOf(perInstance)).as("tasks per instance in " + zone).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aLargeClusterAgreesWithTheReferenceToo() {
        Random random = new Random(23);
        List<Instance> cluster = RandomClusters.cluster(random, 2_000);
        for (List<Strategy> strategies : List.of(
                List.<Strategy>of(),
                List.of(Strategy.spread("attribute:ecs.availability-zone"), Strategy.spread("instanceId")),
                List.of(Strategy.binpack(Strategy.Resource.MEMORY)),
                List.of(Strategy.binpack(Strategy.Resource.CPU), Strategy.spread("attribute:stack"), Strategy.binpack(Strategy.Resource.MEMORY)))) {
            PlacementRequest request = new PlacementRequest(TaskDemand.of("service:web", 128, 256), 300, strategies, List.of());
            Placement placement = Scheduler.place(cluster, request, 99);

            List<Instance> state = cluster;
            for (String id : placement.placedInstanceIds()) {
                assertThat(ReferencePlacement.best(state, request)).as(strategies.toString()).contains(id);
                state = ReferencePlacement.withCopyOn(state, id, request.task());
            }
            assertThat(placement.placedCount()).isEqualTo(300);
        }
    }

    private static long spreadOf(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).max().orElse(0) - counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static Instance byId(List<Instance> instances, String id) {
        return instances.stream().filter(instance -> instance.id().equals(id)).findFirst().orElseThrow();
    }

    private static int cpuOf(List<Instance> instances, String id) {
        return byId(instances, id).remainingCpu();
    }

    private static int memoryOf(List<Instance> instances, String id) {
        return byId(instances, id).remainingMemory();
    }
}
