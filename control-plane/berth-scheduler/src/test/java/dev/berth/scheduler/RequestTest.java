package dev.berth.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scheduler.cluster.Instance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What requests and answers accept and offer. */
class RequestTest {

    @Test
    void demandsAndCountsCannotBeNegative() {
        assertThatThrownBy(() -> TaskDemand.of("g", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskDemand.of("g", 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlacementRequest.of(TaskDemand.of("g", 0, 0), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAnswerListsPlacedInstancesInOrderAndTheSnapshotAfter() {
        List<Instance> cluster = List.of(Instance.of("a", 100, 100));

        Placement placement = Scheduler.place(cluster, PlacementRequest.of(TaskDemand.of("g", 40, 10), 3), 0);

        assertThat(placement.placedInstanceIds()).containsExactly("a", "a");
        assertThat(placement.placedCount()).isEqualTo(2);
        assertThat(placement.allPlaced()).isFalse();
        assertThat(placement.instancesAfter()).singleElement().extracting(Instance::remainingCpu).isEqualTo(20);
        assertThatThrownBy(() -> placement.instancesAfter().set(0, cluster.getFirst())).isInstanceOf(UnsupportedOperationException.class);
        assertThat(cluster.getFirst().remainingCpu()).isEqualTo(100);
        assertThat(placement.toString()).contains("1 instances").hasSizeLessThan(400);
    }
}
