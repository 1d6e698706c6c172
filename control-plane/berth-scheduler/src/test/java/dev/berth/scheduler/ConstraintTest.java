package dev.berth.scheduler;

import static dev.berth.scheduler.Requests.GROUP;
import static dev.berth.scheduler.Requests.place;
import static dev.berth.scheduler.Requests.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.query.QueryException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** distinctInstance and memberOf, including how copies of the same request affect each other. */
class ConstraintTest {

    @Test
    void distinctInstanceSkipsInstancesRunningTheGroupAndThoseTakenByEarlierCopies() {
        List<Instance> cluster = List.of(
                Instances.id("busy").tasks(GROUP, 1).build(),
                Instances.id("other-group").tasks("service:other", 3).build(),
                Instances.id("free1").build(),
                Instances.id("free2").build());

        Placement placement = place(cluster, web(10, 10), 4, List.of(Constraint.distinctInstance()));

        assertThat(placement.placedInstanceIds()).containsExactlyInAnyOrder("other-group", "free1", "free2");
        assertThat(placement.outcomes().get(3)).isInstanceOf(Outcome.Unplaced.class);
        assertThat(((Outcome.Unplaced) placement.outcomes().get(3)).rejections())
                .extracting(Rejection::reason).containsOnly(Reason.DISTINCT_INSTANCE);
    }

    @Test
    void withoutDistinctInstanceCopiesShareInstances() {
        Placement placement = place(List.of(Instances.id("only").build()), web(10, 10), 3, List.of());

        assertThat(placement.placedInstanceIds()).containsExactly("only", "only", "only");
    }

    @Test
    void memberOfPlacesOnlyOnMatchingInstances() {
        List<Instance> cluster = IntStream.range(0, 12)
                .mapToObj(i -> Instances.id("i-" + i).attribute("ecs.instance-type", i % 3 == 0 ? "t2.small" : "m5.large").build())
                .toList();

        Placement placement = place(cluster, web(10, 10), 20, List.of(Constraint.memberOf("attribute:ecs.instance-type =~ t2.*")));

        assertThat(placement.placedInstanceIds()).hasSize(20).allMatch(id -> Integer.parseInt(id.substring(2)) % 3 == 0);
    }

    @Test
    void taskGroupAffinitySeesTheCopiesOfTheSameRequest() {
        List<Instance> cluster = List.of(Instances.id("a").build(), Instances.id("b").build());

        // Anti-affinity with its own group: the first copy makes its instance ineligible for the second.
        Placement placement = place(cluster, web(10, 10), 3, List.of(Constraint.memberOf("not(task:group == " + GROUP + ")")));

        assertThat(placement.placedInstanceIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(((Outcome.Unplaced) placement.outcomes().get(2)).rejections()).extracting(Rejection::reason)
                .containsExactly(Reason.MEMBER_OF, Reason.MEMBER_OF);
    }

    @Test
    void taskGroupAffinityPlacesNextToTheGroup() {
        List<Instance> cluster = List.of(
                Instances.id("db-host").tasks("database", 1).build(),
                Instances.id("empty").build());

        Placement placement = place(cluster, web(10, 10), 3, List.of(Constraint.memberOf("task:group == database")));

        assertThat(placement.placedInstanceIds()).containsExactly("db-host", "db-host", "db-host");
    }

    @Test
    void pendingTasksCountGrowsWithEachCopy() {
        List<Instance> cluster = List.of(Instances.id("a").field("pendingTasksCount", "0").build());

        Placement placement = place(cluster, web(10, 10), 3, List.of(Constraint.memberOf("pendingTasksCount < 2")));

        assertThat(placement.placedCount()).isEqualTo(2);
        assertThat(placement.instancesAfter().getFirst().fields()).containsEntry("pendingTasksCount", "2");
    }

    @Test
    void allConstraintsMustHold() {
        List<Instance> cluster = List.of(
                Instances.id("t2-busy").attribute("ecs.instance-type", "t2.small").tasks(GROUP, 1).build(),
                Instances.id("m5").attribute("ecs.instance-type", "m5.large").build(),
                Instances.id("t2").attribute("ecs.instance-type", "t2.small").build());

        Placement placement = place(cluster, web(10, 10), 2,
                List.of(Constraint.memberOf("attribute:ecs.instance-type == t2.*"), Constraint.distinctInstance()));

        assertThat(placement.placedInstanceIds()).containsExactly("t2");
        assertThat(((Outcome.Unplaced) placement.outcomes().get(1)).rejections()).containsExactly(
                new Rejection("t2-busy", Reason.DISTINCT_INSTANCE),
                new Rejection("m5", Reason.MEMBER_OF),
                new Rejection("t2", Reason.DISTINCT_INSTANCE));
    }

    @Test
    void anInvalidExpressionIsAQueryException() {
        assertThatThrownBy(() -> Constraint.memberOf("attribute:stack = prod"))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("position 17");
    }
}
