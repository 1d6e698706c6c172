package dev.berth.domain.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.berth.domain.error.ApiException;
import dev.berth.domain.validation.FieldPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Task cpu and memory strings as ECS accepts them, turned into CPU units and MiB. */
class ResourceUnitsTest {
    private static final FieldPath CPU = FieldPath.of("cpu");
    private static final FieldPath MEMORY = FieldPath.of("memory");

    @ParameterizedTest(name = "\"{0}\" is {1} CPU units")
    @CsvSource(delimiter = '|', textBlock = """
            1024        | 1024
            256         | 256
            1 vCPU      | 1024
            1 vcpu      | 1024
            1vCPU       | 1024
            0.5 vcpu    | 512
            0.25 vCPU   | 256
            .125 vCPU   | 128
            2 VCPU      | 2048
            16 vCPU     | 16384
            '  2 vCPU ' | 2048
            1024.00     | 1024
            0           | 0
            """)
    void cpuIsCountedInUnitsOf1024PerVcpu(String text, int units) {
        assertThat(ResourceUnits.cpuUnits(CPU, text)).isEqualTo(units);
    }

    @ParameterizedTest(name = "\"{0}\" is {1} MiB")
    @CsvSource(delimiter = '|', textBlock = """
            2048     | 2048
            2GB      | 2048
            2 GB     | 2048
            2 gb     | 2048
            2 GiB    | 2048
            2gib     | 2048
            0.5 GB   | 512
            1.25 GB  | 1280
            120 GB   | 122880
            """)
    void memoryIsCountedInMibWith1024PerGigabyte(String text, int mib) {
        assertThat(ResourceUnits.memoryMiB(MEMORY, text)).isEqualTo(mib);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "vCPU", "one", "1 cpu", "1 GB", "-1", "+1", "1.", "1..5", "1 vCPU 2", "1,5 vCPU",
            "0x10", "1e3", "١٠٢٤"})
    void cpuInAnyOtherFormIsRefusedNamingTheFieldAndQuotingTheValue(String text) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ResourceUnits.cpuUnits(CPU, text))
                .satisfies(e -> assertThat(e.code().type()).isEqualTo("ClientException"))
                .withMessageStartingWith("cpu must be a number of CPU units")
                .withMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2 MB", "2 MiB", "2 TB", "1 vCPU", "2 G", "lots", "-512"})
    void memoryInAnyOtherFormIsRefusedNamingTheField(String text) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ResourceUnits.memoryMiB(MEMORY, text))
                .withMessageStartingWith("memory must be a number of MiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3 vCPU", "1.5", "0.0001 vcpu", "100.25"})
    void aQuantityThatIsNoWholeNumberOfUnitsIsRefused(String text) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ResourceUnits.cpuUnits(CPU, text))
                .withMessageStartingWith("cpu must come to a whole number of units");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "99999999999999999999", "2097152 vCPU", "3000000 GB"})
    void aQuantityTooLargeForAnIntIsRefusedNotWrappedAround(String text) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ResourceUnits.cpuUnits(CPU, text));
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ResourceUnits.memoryMiB(MEMORY, text));
    }

    @Test
    void theLargestIntStillParses() {
        assertThat(ResourceUnits.cpuUnits(CPU, "2147483647")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aNullValueIsRefusedRatherThanThrowingANullPointerException() {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ResourceUnits.memoryMiB(MEMORY, null))
                .withMessageContaining("'null'");
    }

    @Test
    void aHugeValueIsQuotedAbbreviated() {
        String text = "9".repeat(10_000) + " GB";

        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ResourceUnits.memoryMiB(MEMORY, text))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
