package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.bridge;
import static dev.berth.domain.taskdefinition.TaskDefinitions.container;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static dev.berth.domain.taskdefinition.TaskDefinitions.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Container and task cpu and memory: limits, reservations, unit strings and how they add up. */
class ResourceRulesTest {

    @Test
    void containerMemoryBelowSixMiBIsRefusedAndSixIsAccepted() {
        ObjectNode request = bridge(container("app"));
        at(request, "/containerDefinitions/0").put("memory", 5);
        assertThat(refusedAt(request, "containerDefinitions[0].memory")).contains("got 5");

        at(request, "/containerDefinitions/0").put("memory", 6);
        accepted(request);
    }

    @Test
    void aMemoryReservationBelowSixMiBIsRefused() {
        ObjectNode request = bridge(container("app"));
        at(request, "/containerDefinitions/0").remove("memory");
        at(request, "/containerDefinitions/0").put("memoryReservation", 4);

        refusedAt(request, "containerDefinitions[0].memoryReservation");
    }

    @Test
    void aMemoryReservationAboveTheHardLimitIsRefusedAndEqualIsAccepted() {
        ObjectNode request = bridge(container("proxy"), container("app"));
        at(request, "/containerDefinitions/1").put("memory", 256).put("memoryReservation", 257);
        assertThat(refusedAt(request, "containerDefinitions[1].memoryReservation")).contains("257").contains("256");

        at(request, "/containerDefinitions/1").put("memoryReservation", 256);
        accepted(request);
    }

    @Test
    void aContainerWithNeitherMemoryNorReservationIsRefusedWhenTheTaskSetsNoMemory() {
        ObjectNode request = bridge(container("proxy"), container("app"));
        at(request, "/containerDefinitions/1").remove("memory");

        assertThat(refusedAt(request, "containerDefinitions[1].memory")).contains("'app'").contains("memoryReservation");

        request.put("memory", "512");
        accepted(request);
    }

    @Test
    void aReservationAloneIsEnoughWithoutTaskMemory() {
        ObjectNode request = bridge(container("app"));
        at(request, "/containerDefinitions/0").remove("memory");
        at(request, "/containerDefinitions/0").put("memoryReservation", 64);

        assertThat(accepted(request).definition().at("/containerDefinitions/0/memoryReservation").asInt()).isEqualTo(64);
    }

    @Test
    void containerCpuMustBeBetween0And196608() {
        ObjectNode request = bridge(container("app"));
        for (int cpu : new int[] {0, 196608}) {
            at(request, "/containerDefinitions/0").put("cpu", cpu);
            accepted(request);
        }
        for (int cpu : new int[] {-1, 196609}) {
            at(request, "/containerDefinitions/0").put("cpu", cpu);
            refusedAt(request, "containerDefinitions[0].cpu");
        }
    }

    @ParameterizedTest(name = "cpu \"{0}\" is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1024      | 1024
            1 vCPU    | 1024
            0.5 vcpu  | 512
            .25vCPU   | 256
            2 VCPU    | 2048
            ' 256 '   | 256
            4096.0    | 4096
            """)
    void taskCpuInUnitsOrVcpusIsStoredAsUnits(String given, String stored) {
        ObjectNode request = task("{\"cpu\": \"" + given + "\"}", container("app"));

        assertThat(accepted(request).definition().get("cpu").asText()).isEqualTo(stored);
    }

    @ParameterizedTest(name = "memory \"{0}\" is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1024     | 1024
            2GB      | 2048
            2 GiB    | 2048
            0.5 gb   | 512
            1.5 GB   | 1536
            """)
    void taskMemoryInMibOrGigabytesIsStoredAsMib(String given, String stored) {
        ObjectNode request = task("{\"memory\": \"" + given + "\"}", container("app"));

        assertThat(accepted(request).definition().get("memory").asText()).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "1 core", "-256", "2 GB", "256 MB", "1,024", "0x400", "1e3", "0.3 vcpu", "1.5",
            "99999999999"})
    void badTaskCpuValuesAreRefusedNamingCpu(String cpu) {
        ObjectNode request = task("{}", container("app"));
        request.put("cpu", cpu);

        refusedAt(request, "cpu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "much", "2 TB", "1 vCPU", "-512", "512 MiB", "0.0001 GB", "3000000 GB"})
    void badTaskMemoryValuesAreRefusedNamingMemory(String memory) {
        ObjectNode request = task("{}", container("app"));
        request.put("memory", memory);

        refusedAt(request, "memory");
    }

    @Test
    void taskCpuOutsideTheEc2RangeIsRefused() {
        ObjectNode request = task("{\"cpu\": \"127\"}", container("app"));
        refusedAt(request, "cpu");

        request.put("cpu", "128");
        accepted(request);
        request.put("cpu", "192 vCPU");
        accepted(request);
        request.put("cpu", "196609");
        refusedAt(request, "cpu");
    }

    @Test
    void taskMemoryBelowSixMiBIsRefused() {
        ObjectNode request = task("{\"memory\": \"5\"}", "{\"name\": \"app\", \"image\": \"nginx\"}");

        refusedAt(request, "memory");
    }

    @Test
    void aContainerMemoryLimitAboveTheTaskMemoryIsRefused() {
        ObjectNode request = task("{\"memory\": \"0.5 GB\"}", container("proxy"), container("app"));
        at(request, "/containerDefinitions/1").put("memory", 513);

        assertThat(refusedAt(request, "containerDefinitions[1].memory")).contains("513").contains("512");

        at(request, "/containerDefinitions/1").put("memory", 384);
        accepted(request);
    }

    @Test
    void containerReservationsThatAddUpToMoreThanTheTaskMemoryAreRefused() {
        ObjectNode request = task("{\"memory\": \"512\"}", container("proxy"), container("app"));
        at(request, "/containerDefinitions/0").put("memory", 300);
        at(request, "/containerDefinitions/1").put("memory", 400).put("memoryReservation", 212);
        accepted(request);

        at(request, "/containerDefinitions/1").put("memoryReservation", 213);
        assertThat(refusedAt(request, "containerDefinitions[*].memoryReservation")).contains("513");
    }

    @Test
    void containerCpuThatAddsUpToMoreThanTheTaskCpuIsRefused() {
        ObjectNode request = task("{\"cpu\": \"0.25 vCPU\"}", container("proxy"), container("app"));
        at(request, "/containerDefinitions/0").put("cpu", 128);
        at(request, "/containerDefinitions/1").put("cpu", 128);
        accepted(request);

        at(request, "/containerDefinitions/1").put("cpu", 129);
        assertThat(refusedAt(request, "containerDefinitions[*].cpu")).contains("257").contains("256");
    }
}
