package dev.berth.lb.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.TargetHealth;
import org.junit.jupiter.api.Test;

class HealthMachineTest {
    private static final TargetHealth MISMATCH = HealthMachine.codeMismatch(502);

    @Test
    void aNewTargetNeedsOnePass() {
        HealthMachine machine = HealthMachine.resume(HealthState.INITIAL);

        assertThat(machine.health()).isEqualTo(TargetHealth.REGISTERING);
        assertThat(machine.failed(MISMATCH, 3)).isEqualTo(TargetHealth.REGISTERING);
        assertThat(machine.passed(5)).isEqualTo(TargetHealth.HEALTHY);
    }

    @Test
    void aNewTargetTurnsUnhealthyAfterTheThreshold() {
        HealthMachine machine = HealthMachine.resume(HealthState.INITIAL);

        machine.failed(HealthMachine.TIMED_OUT, 2);

        assertThat(machine.failed(MISMATCH, 2)).isEqualTo(MISMATCH);
        assertThat(MISMATCH.reason()).isEqualTo("Target.ResponseCodeMismatch");
        assertThat(MISMATCH.description()).isEqualTo("Health checks failed with these codes: [502]");
    }

    @Test
    void failuresMustBeConsecutive() {
        HealthMachine machine = HealthMachine.resume(HealthState.HEALTHY);

        machine.failed(MISMATCH, 2);
        machine.passed(3);
        assertThat(machine.failed(MISMATCH, 2)).isEqualTo(TargetHealth.HEALTHY);
        assertThat(machine.failed(MISMATCH, 2)).isEqualTo(MISMATCH);
    }

    @Test
    void recoveryNeedsTheHealthyThresholdInARow() {
        HealthMachine machine = HealthMachine.resume(HealthState.UNHEALTHY);

        machine.passed(3);
        machine.passed(3);
        machine.failed(HealthMachine.FAILED, 2);
        assertThat(machine.health()).isEqualTo(HealthMachine.FAILED);
        machine.passed(3);
        machine.passed(3);
        assertThat(machine.health()).isEqualTo(HealthMachine.FAILED);
        assertThat(machine.passed(3)).isEqualTo(TargetHealth.HEALTHY);
    }

    @Test
    void anUnhealthyTargetCarriesTheLatestReason() {
        HealthMachine machine = HealthMachine.resume(HealthState.UNHEALTHY);

        assertThat(machine.failed(HealthMachine.TIMED_OUT, 2)).isEqualTo(HealthMachine.TIMED_OUT);
        assertThat(machine.failed(MISMATCH, 2)).isEqualTo(MISMATCH);
    }

    @Test
    void otherLastKnownStatesStartFromInitial() {
        for (HealthState state : new HealthState[] {null, HealthState.DRAINING, HealthState.UNUSED, HealthState.UNAVAILABLE}) {
            assertThat(HealthMachine.resume(state).health()).as("%s", state).isEqualTo(TargetHealth.REGISTERING);
        }
    }
}
