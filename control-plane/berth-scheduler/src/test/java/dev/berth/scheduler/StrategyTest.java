package dev.berth.scheduler;

import static dev.berth.scheduler.Requests.GROUP;
import static dev.berth.scheduler.Requests.place;
import static dev.berth.scheduler.Requests.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scheduler.Strategy.Resource;
import dev.berth.scheduler.cluster.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each strategy alone and in combination, on small clusters where the right answer is known. */
class StrategyTest {

    private static List<Instance> identical(int count) {
        return IntStream.range(0, count).mapToObj(i -> Instances.id("i-" + i).build()).toList();
    }

    private static Map<String, Long> countBy(List<String> ids, Function<String, String> key) {
        return ids.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    @Test
    void randomIsTheDefaultAndDrawsUniformlyAmongCandidates() {
        List<Instance> cluster = new ArrayList<>(identical(10));
        cluster.add(Instances.id("full").memory(10).build());
        Map<String, Integer> chosen = new HashMap<>();
        for (long seed = 0; seed < 10_000; seed++) {
            Placement placement = Scheduler.place(cluster, PlacementRequest.of(web(10, 100), 1), seed);
            chosen.merge(placement.placedInstanceIds().getFirst(), 1, Integer::sum);
        }

        assertThat(chosen).doesNotContainKey("full").hasSize(10);
        // 1,000 expected each; 5 standard deviations is ±150.
        assertThat(chosen.values()).allSatisfy(times -> assertThat(times).isBetween(850, 1150));
    }

    @Test
    void randomDrawsEachCopyAfresh() {
        Placement placement = place(identical(100), web(10, 10), 50, Strategy.random());

        // A fixed order would stack copies on one instance; fresh draws spread them out.
        assertThat(countBy(placement.placedInstanceIds(), Function.identity())).hasSizeGreaterThan(30);
    }

    @Test
    void theSameSeedGivesTheSamePlacementAndAnotherSeedAnother() {
        PlacementRequest request = PlacementRequest.of(web(10, 10), 20);
        List<Instance> cluster = identical(50);

        assertThat(Scheduler.place(cluster, request, 7).outcomes()).isEqualTo(Scheduler.place(cluster, request, 7).outcomes());
        assertThat(Scheduler.place(cluster, request, 7).outcomes()).isNotEqualTo(Scheduler.place(cluster, request, 8).outcomes());
    }

    @Test
    void spreadOverZonesFillsTheZoneWithFewestTasksOfTheGroupFirst() {
        List<Instance> cluster = List.of(
                Instances.id("a1").zone("a").tasks(GROUP, 2).build(),
                Instances.id("a2").zone("a").tasks("service:other", 5).build(),
                Instances.id("b1").zone("b").build(),
                Instances.id("c1").zone("c").tasks(GROUP, 1).build());

        Placement placement = place(cluster, web(10, 10), 6, Strategy.spread("attribute:ecs.availability-zone"));

        // Before: a=2, b=0, c=1 (service:other does not count). b, then b/c, then all three level at 2, then 3 each.
        List<String> ids = placement.placedInstanceIds();
        assertThat(ids.subList(0, 3)).filteredOn(id -> id.startsWith("b")).hasSize(2);
        assertThat(countBy(ids, id -> id.substring(0, 1))).isEqualTo(Map.of("a", 1L, "b", 3L, "c", 2L));
    }

    @Test
    void spreadOverAZoneWithoutRoomMovesToTheNextZone() {
        List<Instance> cluster = List.of(
                Instances.id("a1").zone("a").memory(5).build(),
                Instances.id("b1").zone("b").tasks(GROUP, 3).build());

        assertThat(place(cluster, web(10, 10), 2, Strategy.spread("attribute:ecs.availability-zone")).placedInstanceIds())
                .containsExactly("b1", "b1");
    }

    @Test
    void spreadTreatsInstancesWithoutTheAttributeAsOneMoreValue() {
        List<Instance> cluster = List.of(
                Instances.id("a1").zone("a").build(),
                Instances.id("none1").build(),
                Instances.id("none2").build());

        Placement placement = place(cluster, web(10, 10), 4, Strategy.spread("attribute:ecs.availability-zone"));

        assertThat(countBy(placement.placedInstanceIds(), id -> id.substring(0, 1))).isEqualTo(Map.of("a", 2L, "n", 2L));
    }

    @Test
    void spreadOverInstancesPutsEachCopyOnAnInstanceWithFewestTasksOfTheGroup() {
        List<Instance> cluster = List.of(
                Instances.id("x").tasks(GROUP, 1).build(),
                Instances.id("y").build(),
                Instances.id("z").tasks("service:other", 9).build());

        Placement placement = place(cluster, web(10, 10), 5, Strategy.spread("instanceId"));

        assertThat(placement.placedInstanceIds().subList(0, 2)).containsExactlyInAnyOrder("y", "z");
        assertThat(countBy(placement.placedInstanceIds(), Function.identity())).isEqualTo(Map.of("x", 1L, "y", 2L, "z", 2L));
    }

    @Test
    void hostIsTheSameAsInstanceId() {
        List<Instance> cluster = identical(5);

        assertThat(place(cluster, web(10, 10), 5, Strategy.spread("host")).placedInstanceIds()).doesNotHaveDuplicates();
    }

    @Test
    void binpackOnMemoryChoosesTheLeastRemainingThatStillFits() {
        List<Instance> cluster = List.of(
                Instances.id("roomy").memory(4000).build(),
                Instances.id("tight").memory(300).build(),
                Instances.id("too-small").memory(200).build(),
                Instances.id("snug").memory(1000).build());

        Placement placement = place(cluster, web(10, 256), 6, Strategy.binpack(Resource.MEMORY));

        // tight fits one copy (300 → 44); snug then takes three (1000 → 232); roomy the rest.
        assertThat(placement.placedInstanceIds()).containsExactly("tight", "snug", "snug", "snug", "roomy", "roomy");
    }

    @Test
    void binpackOnCpuIgnoresMemory() {
        List<Instance> cluster = List.of(
                Instances.id("little-cpu").cpu(512).memory(90_000).build(),
                Instances.id("little-memory").cpu(4096).memory(512).build());

        assertThat(place(cluster, web(256, 256), 1, Strategy.binpack(Resource.CPU)).placedInstanceIds()).containsExactly("little-cpu");
        assertThat(place(cluster, web(256, 256), 1, Strategy.binpack(Resource.MEMORY)).placedInstanceIds()).containsExactly("little-memory");
    }

    @Test
    void aLaterStrategyBreaksTheTiesOfAnEarlierOne() {
        List<Instance> cluster = List.of(
                Instances.id("a-big").zone("a").memory(8000).build(),
                Instances.id("a-small").zone("a").memory(1000).build(),
                Instances.id("b-big").zone("b").memory(8000).tasks(GROUP, 1).build(),
                Instances.id("b-small").zone("b").memory(600).build());

        Placement placement = place(cluster, web(10, 500), 3,
                Strategy.spread("attribute:ecs.availability-zone"), Strategy.binpack(Resource.MEMORY));

        // Zone a has fewer tasks: its smallest fitting instance (1000 → 500). Then a=1, b=1 tie, so the
        // smallest fitting of both zones: a-small again (500 < 600). Then a=2 > b=1: zone b's smallest.
        assertThat(placement.placedInstanceIds()).containsExactly("a-small", "a-small", "b-small");
    }

    @Test
    void tiesAcrossZonesAreBrokenByTheNextStrategyOverAllTiedZones() {
        List<Instance> cluster = List.of(
                Instances.id("a1").zone("a").tasks(GROUP, 1).build(),
                Instances.id("a2").zone("a").build(),
                Instances.id("b1").zone("b").tasks(GROUP, 1).build());

        Placement placement = place(cluster, web(10, 10), 1,
                Strategy.spread("attribute:ecs.availability-zone"), Strategy.spread("instanceId"));

        assertThat(placement.placedInstanceIds()).containsExactly("a2");
    }

    @Test
    void strategiesAfterRandomDecideNothing() {
        List<Instance> cluster = IntStream.range(0, 20).mapToObj(i -> Instances.id("i-" + i).memory(1000 + i).build()).toList();
        Map<String, Integer> chosen = new HashMap<>();
        for (long seed = 0; seed < 200; seed++) {
            PlacementRequest request = new PlacementRequest(web(1, 1), 1, List.of(Strategy.random(), Strategy.binpack(Resource.MEMORY)), List.of());
            chosen.merge(Scheduler.place(cluster, request, seed).placedInstanceIds().getFirst(), 1, Integer::sum);
        }

        assertThat(chosen).hasSizeGreaterThan(10);
    }

    @Test
    void spreadFieldsOtherThanInstanceHostOrAttributeAreRefused() {
        assertThatThrownBy(() -> Strategy.spread("zone")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'zone'");
        assertThatThrownBy(() -> Strategy.spread("attribute:")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Strategy.Spread("attribute:stack").attribute()).isEqualTo("stack");
    }

    @Test
    void atMostFiveStrategies() {
        List<Strategy> six = java.util.Collections.nCopies(6, Strategy.random());

        assertThatThrownBy(() -> new PlacementRequest(web(1, 1), 1, six, List.of())).hasMessageContaining("at most 5");
        assertThat(new PlacementRequest(web(1, 1), 1, six.subList(0, 5), List.of()).strategies()).hasSize(5);
    }
}
