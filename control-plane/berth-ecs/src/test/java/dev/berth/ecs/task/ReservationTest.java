package dev.berth.ecs.task;

import static dev.berth.ecs.task.EffectiveDefinitionTest.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.ecs.instance.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a task holds on its instance, from its effective definition. */
class ReservationTest {
    private static final String PORTS = """
            [{"name": "app", "image": "app:1", "portMappings": [
               {"containerPort": 8080, "hostPort": 80}, {"containerPort": 9090, "hostPort": 0}, {"containerPort": 7070},
               {"containerPort": 53, "hostPort": 5353, "protocol": "udp"}]}]
            """;

    private static Reservation reservation(String definition) {
        return EffectiveDefinition.reservation(object(definition), "family:web");
    }

    private static Reservation withNetworkMode(String networkMode) {
        String mode = networkMode == null ? "" : "\"networkMode\": \"" + networkMode + "\", ";
        return reservation("{" + mode + "\"containerDefinitions\": " + PORTS + "}");
    }

    @Test
    void taskLevelCpuAndMemoryWinOverTheContainersSums() {
        Reservation reservation = reservation("""
                {"cpu": "1024", "memory": "3072", "containerDefinitions": [
                  {"name": "app", "cpu": 256, "memory": 512}, {"name": "sidecar", "cpu": 128, "memory": 128}]}
                """);

        assertThat(reservation.cpu()).isEqualTo(1024);
        assertThat(reservation.memory()).isEqualTo(3072);
        assertThat(reservation.group()).isEqualTo("family:web");
    }

    @Test
    void withoutTaskLevelValuesTheContainersAreSummedWithMemoryReservationCountingWhereGiven() {
        Reservation reservation = reservation("""
                {"containerDefinitions": [
                  {"name": "app", "cpu": 256, "memory": 512},
                  {"name": "sidecar", "cpu": 128, "memory": 1024, "memoryReservation": 64},
                  {"name": "tiny", "memoryReservation": 32}]}
                """);

        assertThat(reservation.cpu()).isEqualTo(384);
        assertThat(reservation.memory()).isEqualTo(512 + 64 + 32);
    }

    @Test
    void onlyTheTaskLevelValueThatIsSetWins() {
        Reservation reservation = reservation("""
                {"memory": "2048", "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 512}]}
                """);

        assertThat(reservation.cpu()).isEqualTo(256);
        assertThat(reservation.memory()).isEqualTo(2048);
    }

    @Test
    void bridgeReservesOnlyTheFixedHostPortsByProtocol() {
        Reservation bridge = withNetworkMode("bridge");

        assertThat(bridge.tcpPorts()).containsExactly(80);
        assertThat(bridge.udpPorts()).containsExactly(5353);
        assertThat(withNetworkMode(null)).as("bridge is the default").isEqualTo(bridge);
    }

    @Test
    void hostModeReservesEveryContainerPort() {
        Reservation host = withNetworkMode("host");

        assertThat(host.tcpPorts()).containsExactly(8080, 9090, 7070);
        assertThat(host.udpPorts()).containsExactly(53);
    }

    @ParameterizedTest
    @ValueSource(strings = {"awsvpc", "none"})
    void awsvpcAndNoneReserveNoHostPorts(String networkMode) {
        Reservation reservation = withNetworkMode(networkMode);

        assertThat(reservation.tcpPorts()).isEmpty();
        assertThat(reservation.udpPorts()).isEmpty();
    }

    @Test
    void portsOfEveryContainerAreReserved() {
        Reservation reservation = reservation("""
                {"containerDefinitions": [
                  {"name": "app", "portMappings": [{"containerPort": 80, "hostPort": 80}]},
                  {"name": "admin", "portMappings": [{"containerPort": 81, "hostPort": 8081}]}]}
                """);

        assertThat(reservation.tcpPorts()).containsExactly(80, 8081);
    }
}
