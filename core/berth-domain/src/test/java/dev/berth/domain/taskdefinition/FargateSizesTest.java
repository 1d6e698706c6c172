package dev.berth.domain.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Fargate task sizes of the ECS developer guide, written the way the guide writes them. */
class FargateSizesTest {
    private static final int GIB = 1024;

    @ParameterizedTest(name = "{0} CPU units: {1} to {2} GB in {3} GB steps")
    @CsvSource({
        "1024, 2, 8, 1",
        "2048, 4, 16, 1",
        "4096, 8, 30, 1",
        "8192, 16, 60, 4",
        "16384, 32, 120, 8"
    })
    void everyDocumentedStepIsSupportedAndNothingBetweenOrBeyond(int cpu, int minGb, int maxGb, int stepGb) {
        for (int gb = minGb; gb <= maxGb; gb += stepGb) {
            assertThat(FargateSizes.isSupported(cpu, gb * GIB)).as("%d/%d GB", cpu, gb).isTrue();
            if (gb < maxGb) {
                assertThat(FargateSizes.isSupported(cpu, gb * GIB + 512)).as("%d/%d.5 GB", cpu, gb).isFalse();
            }
        }
        assertThat(FargateSizes.isSupported(cpu, (minGb - stepGb) * GIB)).isFalse();
        assertThat(FargateSizes.isSupported(cpu, (maxGb + stepGb) * GIB)).isFalse();
        if (stepGb > 1) {
            assertThat(FargateSizes.isSupported(cpu, (minGb + 1) * GIB)).isFalse();
        }
    }

    @Test
    void aQuarterVcpuOffersHalfAGigabyteAndOneAndTwoGigabytes() {
        assertThat(FargateSizes.isSupported(256, 512)).isTrue();
        assertThat(FargateSizes.isSupported(256, 1024)).isTrue();
        assertThat(FargateSizes.isSupported(256, 2048)).isTrue();
        assertThat(FargateSizes.isSupported(256, 1536)).isFalse();
        assertThat(FargateSizes.isSupported(256, 3072)).isFalse();
        assertThat(FargateSizes.isSupported(256, 256)).isFalse();
    }

    @Test
    void halfAVcpuOffersOneToFourGigabytes() {
        assertThat(FargateSizes.isSupported(512, 512)).isFalse();
        for (int gb = 1; gb <= 4; gb++) {
            assertThat(FargateSizes.isSupported(512, gb * GIB)).isTrue();
        }
        assertThat(FargateSizes.isSupported(512, 5 * GIB)).isFalse();
        assertThat(FargateSizes.isSupported(512, 1536)).isFalse();
    }

    @Test
    void exactlySeventyFourCombinationsExistAndOnlyForTheSevenCpuSizes() {
        Set<Integer> cpus = new HashSet<>();
        int combinations = 0;
        for (int cpu = 0; cpu <= 32768; cpu += 128) {
            for (int memory = 0; memory <= 131072; memory += 256) {
                if (FargateSizes.isSupported(cpu, memory)) {
                    combinations++;
                    cpus.add(cpu);
                }
            }
        }
        assertThat(combinations).isEqualTo(74);
        assertThat(cpus).containsExactlyInAnyOrder(256, 512, 1024, 2048, 4096, 8192, 16384);
    }
}
