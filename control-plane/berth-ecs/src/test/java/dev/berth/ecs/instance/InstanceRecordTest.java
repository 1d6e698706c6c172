package dev.berth.ecs.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.store.Record;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reserving a task's resources on an instance and giving them back. */
class InstanceRecordTest {
    private static final String BODY = """
            {"containerInstanceId": "i-1", "cluster": "default", "status": "ACTIVE", "agentConnected": true,
             "registered": {"cpu": 4096, "memory": 7680, "tcpPorts": [22, 2375], "udpPorts": []},
             "remaining": {"cpu": 4096, "memory": 7680, "tcpPorts": [22, 2375], "udpPorts": []},
             "tasksByGroup": {}, "attributes": {"ecs.os-type": "linux"}, "version": 3}
            """;
    private static final Reservation WEB = new Reservation("family:web", 512, 1024, List.of(80, 443), List.of(53));
    private static final Reservation BATCH = new Reservation("family:batch", 1024, 2048, List.of(), List.of());

    private static InstanceRecord instance() {
        return new InstanceRecord(new Record(EcsKinds.CONTAINER_INSTANCE, InstanceRecord.id("default", "i-1"), 1, 1, BODY));
    }

    /** The record as the next transaction would read it back. */
    private static InstanceRecord reread(InstanceRecord instance) {
        return new InstanceRecord(new Record(EcsKinds.CONTAINER_INSTANCE, instance.record().id(), 2, 2,
                Json.text(instance.body())));
    }

    @Test
    void theRecordIsReadThroughItsAccessors() {
        InstanceRecord instance = instance();

        assertThat(instance.instanceId()).isEqualTo("i-1");
        assertThat(instance.cluster()).isEqualTo("default");
        assertThat(instance.status()).isEqualTo("ACTIVE");
        assertThat(instance.agentConnected()).isTrue();
        assertThat(instance.remainingCpu()).isEqualTo(4096);
        assertThat(instance.remainingMemory()).isEqualTo(7680);
        assertThat(instance.reservedPorts("tcp")).containsExactly(22, 2375);
        assertThat(instance.attributes()).isEqualTo(Map.of("ecs.os-type", "linux"));
        assertThat(instance.record().id()).isEqualTo("default/i-1");
    }

    @Test
    void reservingTakesCpuMemoryAndPortsAndCountsTheTaskInItsGroup() {
        InstanceRecord instance = instance();

        instance.reserve(WEB);

        assertThat(instance.remainingCpu()).isEqualTo(4096 - 512);
        assertThat(instance.remainingMemory()).isEqualTo(7680 - 1024);
        assertThat(instance.reservedPorts("tcp")).containsExactly(22, 80, 443, 2375);
        assertThat(instance.reservedPorts("udp")).containsExactly(53);
        assertThat(instance.tasksByGroup()).isEqualTo(Map.of("family:web", 1));
    }

    @Test
    void tasksOfTheSameGroupAddUp() {
        InstanceRecord instance = instance();

        instance.reserve(WEB);
        instance.reserve(new Reservation("family:web", 256, 256, List.of(8080), List.of()));
        instance.reserve(BATCH);

        assertThat(instance.tasksByGroup()).isEqualTo(Map.of("family:web", 2, "family:batch", 1));
        assertThat(instance.remainingCpu()).isEqualTo(4096 - 512 - 256 - 1024);
    }

    @Test
    void releasingWhatWasReservedGivesTheInstanceBackAsItWas() {
        InstanceRecord instance = instance();
        instance.reserve(WEB);
        instance.reserve(BATCH);
        instance = reread(instance);

        instance.release(WEB);
        instance.release(BATCH);

        InstanceRecord original = instance();
        assertThat(instance.body().get("remaining")).isEqualTo(original.body().get("remaining"));
        assertThat(instance.tasksByGroup()).isEmpty();
        assertThat(instance.body().get("registered")).isEqualTo(original.body().get("registered"));
    }

    @Test
    void releasingOneTaskKeepsTheOthersPortsAndGroupCount() {
        InstanceRecord instance = instance();
        instance.reserve(WEB);
        instance.reserve(new Reservation("family:web", 256, 256, List.of(8080), List.of()));

        instance.release(WEB);

        assertThat(instance.reservedPorts("tcp")).containsExactly(22, 2375, 8080);
        assertThat(instance.reservedPorts("udp")).isEmpty();
        assertThat(instance.tasksByGroup()).isEqualTo(Map.of("family:web", 1));
        assertThat(instance.remainingMemory()).isEqualTo(7680 - 256);
    }

    @Test
    void theHostsOwnReservedPortsSurviveReservationsAndReleases() {
        InstanceRecord instance = instance();

        instance.reserve(WEB);
        instance.release(WEB);

        assertThat(instance.reservedPorts("tcp")).containsExactly(22, 2375);
    }

    @Test
    void everyReservationAndReleaseIsANewVersion() {
        InstanceRecord instance = instance();

        instance.reserve(WEB);
        instance.release(WEB);

        assertThat(instance.body().get("version").asLong()).isEqualTo(5);
    }

    @Test
    void aReservationSurvivesItsJsonRoundTrip() {
        assertThat(Reservation.fromJson(WEB.toJson())).isEqualTo(WEB);
        assertThat(Reservation.fromJson(new Reservation("g", 0, 0, List.of(), List.of()).toJson()))
                .isEqualTo(new Reservation("g", 0, 0, List.of(), List.of()));
    }

    @Test
    void anInstanceWithoutGroupCountsGetsOneOnItsFirstReservation() {
        String body = BODY.replace("\"tasksByGroup\": {}, ", "");
        InstanceRecord instance = new InstanceRecord(new Record(EcsKinds.CONTAINER_INSTANCE, "default/i-1", 1, 1, body));

        instance.reserve(BATCH);

        assertThat(instance.tasksByGroup()).isEqualTo(Map.of("family:batch", 1));
    }
}
