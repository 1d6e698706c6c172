package dev.berth.scheduler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceTest {

    @Test
    void aPlacedTaskReservesItsResourcesPortsAndCountsInItsGroupAndAsPending() {
        Instance before = new Instance("ci-1", Map.of("zone", "a"), Map.of("pendingTasksCount", "2", "runningTasksCount", "5"),
                1024, 2048, Set.of(Port.tcp(22)), Map.of("service:web", 1));

        Instance after = before.withPlacedTask("service:web", 256, 512, Set.of(Port.tcp(80), Port.udp(80)));

        assertThat(after.remainingCpu()).isEqualTo(768);
        assertThat(after.remainingMemory()).isEqualTo(1536);
        assertThat(after.reservedPorts()).containsExactlyInAnyOrder(Port.tcp(22), Port.tcp(80), Port.udp(80));
        assertThat(after.tasksByGroup()).isEqualTo(Map.of("service:web", 2));
        assertThat(after.fields()).isEqualTo(Map.of("pendingTasksCount", "3", "runningTasksCount", "5"));
        assertThat(after.attributes()).isSameAs(before.attributes());
        assertThat(before.remainingCpu()).isEqualTo(1024);
    }

    @Test
    void aFirstTaskOfAGroupStartsItsCount() {
        Instance after = Instance.of("ci-1", 10, 10).withPlacedTask("family:db", 1, 1, Set.of());

        assertThat(after.tasksOf("family:db")).isEqualTo(1);
        assertThat(after.tasksOf("family:web")).isZero();
        assertThat(after.fields()).containsEntry("pendingTasksCount", "1");
    }

    @Test
    void collectionsAreCopiedSoTheCallerCannotChangeASnapshot() {
        Map<String, String> attributes = new HashMap<>(Map.of("zone", "a"));
        Instance instance = new Instance("ci-1", attributes, Map.of(), 1, 1, Set.of(), Map.of());

        attributes.put("zone", "b");

        assertThat(instance.attributes()).containsEntry("zone", "a");
        assertThatThrownBy(() -> instance.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void portsAreNumbersOfAProtocol() {
        assertThat(Port.tcp(80)).isNotEqualTo(Port.udp(80));
        assertThatThrownBy(() -> Port.tcp(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Port.tcp(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Port(80, null)).isInstanceOf(NullPointerException.class);
    }
}
