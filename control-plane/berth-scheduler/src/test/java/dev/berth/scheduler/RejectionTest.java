package dev.berth.scheduler;

import static dev.berth.scheduler.Requests.GROUP;
import static dev.berth.scheduler.Requests.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reasons an unplaced copy carries: one per instance, the first failed check, ECS's words. */
class RejectionTest {

    private static final TaskDemand TASK = new TaskDemand(GROUP, 512, 1024, Set.of(Port.tcp(80), Port.udp(53)), Set.of("needs-gpu"));

    private static Instances fitting(String id) {
        return Instances.id(id).attribute("needs-gpu", "").cpu(512).memory(1024);
    }

    private static List<Rejection> rejections(List<Instance> cluster, List<Constraint> constraints) {
        Placement placement = Scheduler.place(cluster, new PlacementRequest(TASK, 1, List.of(), constraints), 1);
        assertThat(placement.placedCount()).isZero();
        return ((Outcome.Unplaced) placement.outcomes().getFirst()).rejections();
    }

    @Test
    void eachCheckHasItsEcsReason() {
        List<Instance> cluster = List.of(
                Instances.id("missing-attribute").cpu(512).memory(1024).build(),
                fitting("cpu").cpu(511).build(),
                fitting("memory").memory(1023).build(),
                fitting("tcp").reserved(Port.tcp(80)).build(),
                fitting("udp").reserved(Port.udp(53), Port.tcp(53), Port.udp(80)).build());

        List<Rejection> rejections = rejections(cluster, List.of());

        assertThat(rejections).containsExactly(
                new Rejection("missing-attribute", Reason.ATTRIBUTE),
                new Rejection("cpu", Reason.CPU),
                new Rejection("memory", Reason.MEMORY),
                new Rejection("tcp", Reason.PORTS),
                new Rejection("udp", Reason.PORTS_UDP));
        assertThat(rejections).extracting(rejection -> rejection.reason().ecsReason()).containsExactly(
                "ATTRIBUTE", "RESOURCE:CPU", "RESOURCE:MEMORY", "RESOURCE:PORTS", "RESOURCE:PORTS_UDP");
    }

    @Test
    void theFirstFailedCheckIsReported() {
        List<Instance> cluster = List.of(
                Instances.id("everything").cpu(0).memory(0).reserved(Port.tcp(80), Port.udp(53)).tasks(GROUP, 1).build(),
                Instances.id("attribute-and-resources").cpu(0).memory(0).reserved(Port.tcp(80)).build(),
                fitting("cpu-and-memory").cpu(0).memory(0).reserved(Port.tcp(80)).build(),
                fitting("memory-and-ports").memory(0).reserved(Port.tcp(80), Port.udp(53)).build(),
                fitting("tcp-and-udp").reserved(Port.tcp(80), Port.udp(53)).build());

        assertThat(rejections(cluster, List.of(Constraint.distinctInstance(), Constraint.memberOf("attribute:needs-gpu exists"))))
                .extracting(Rejection::reason)
                .containsExactly(Reason.DISTINCT_INSTANCE, Reason.MEMBER_OF, Reason.CPU, Reason.MEMORY, Reason.PORTS);
        assertThat(rejections(cluster, List.of())).extracting(Rejection::reason)
                .containsExactly(Reason.ATTRIBUTE, Reason.ATTRIBUTE, Reason.CPU, Reason.MEMORY, Reason.PORTS);
    }

    @Test
    void constraintsAreCheckedInTheOrderGiven() {
        List<Instance> cluster = List.of(Instances.id("both").tasks(GROUP, 1).build());
        List<Constraint> memberOfFirst = List.of(Constraint.memberOf("attribute:zone exists"), Constraint.distinctInstance());

        assertThat(rejections(cluster, memberOfFirst)).extracting(Rejection::reason).containsExactly(Reason.MEMBER_OF);
        assertThat(rejections(cluster, memberOfFirst.reversed())).extracting(Rejection::reason).containsExactly(Reason.DISTINCT_INSTANCE);
    }

    @Test
    void constraintMessagesAreEcsWording() {
        assertThat(Reason.MEMBER_OF.ecsReason()).isEqualTo("MemberOf placement constraint unsatisfied.");
        assertThat(Reason.DISTINCT_INSTANCE.ecsReason()).isEqualTo("DistinctInstance placement constraint unsatisfied.");
    }

    @Test
    void copiesThatNoLongerFitAreUnplacedWithTheStateAfterTheEarlierCopies() {
        List<Instance> cluster = List.of(fitting("a").cpu(1024).memory(4096).build(), fitting("b").cpu(512).memory(4096).build());
        TaskDemand noPorts = new TaskDemand(GROUP, 512, 1024, Set.of(), Set.of());

        Placement placement = Scheduler.place(cluster, PlacementRequest.of(noPorts, 5), 3);

        assertThat(placement.placedCount()).isEqualTo(3);
        assertThat(placement.outcomes().subList(3, 5)).allSatisfy(outcome -> assertThat(((Outcome.Unplaced) outcome).rejections())
                .containsExactly(new Rejection("a", Reason.CPU), new Rejection("b", Reason.CPU)));
        assertThat(placement.instancesAfter()).extracting(Instance::remainingCpu).containsExactly(0, 0);
    }

    @Test
    void aTaskWithAHostPortTakesItOncePerInstance() {
        List<Instance> cluster = List.of(Instances.id("a").build(), Instances.id("b").reserved(Port.udp(80)).build());
        TaskDemand web = new TaskDemand(GROUP, 1, 1, Set.of(Port.tcp(80)), Set.of());

        Placement placement = Scheduler.place(cluster, PlacementRequest.of(web, 3), 3);

        assertThat(placement.placedInstanceIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(((Outcome.Unplaced) placement.outcomes().get(2)).rejections()).extracting(Rejection::reason)
                .containsExactly(Reason.PORTS, Reason.PORTS);
        assertThat(placement.instancesAfter().get(1).reservedPorts()).containsExactlyInAnyOrder(Port.udp(80), Port.tcp(80));
    }

    @Test
    void anEmptyClusterRejectsWithoutReasons() {
        Placement placement = Scheduler.place(List.of(), PlacementRequest.of(web(1, 1), 2), 0);

        assertThat(placement.outcomes()).containsExactly(new Outcome.Unplaced(List.of()), new Outcome.Unplaced(List.of()));
    }

    @Test
    void aCountOfZeroPlacesNothing() {
        assertThat(Scheduler.place(List.of(Instances.id("a").build()), PlacementRequest.of(web(1, 1), 0), 0).outcomes()).isEmpty();
    }
}
