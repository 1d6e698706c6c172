package dev.berth.agent.core;

import static dev.berth.agent.core.EngineStates.created;
import static dev.berth.agent.core.EngineStates.exited;
import static dev.berth.agent.core.EngineStates.planned;
import static dev.berth.agent.core.EngineStates.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.core.Dependencies.Verdict;
import dev.berth.agent.runtime.ContainerState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** dependsOn conditions against what the engine says, and the order containers stop in. */
class DependenciesTest {

    private static Verdict check(String condition, ContainerState dependency, boolean started) {
        Map<String, ContainerState> states = new HashMap<>();
        if (dependency != null) {
            states.put("db", dependency);
        }
        return Dependencies.check(planned("app", Map.of("db", condition)), states, started ? Set.of("db") : Set.of());
    }

    @Test
    void aContainerWithoutDependenciesIsReady() {
        assertThat(Dependencies.check(planned("app", Map.of()), Map.of(), Set.of())).isInstanceOf(Verdict.Ready.class);
    }

    @Test
    void startWaitsUntilTheDependencyHasBeenStarted() {
        assertThat(check("START", created(), false)).isEqualTo(new Verdict.Waiting("db to start"));
        assertThat(check("START", running(), true)).isInstanceOf(Verdict.Ready.class);
    }

    @Test
    void startIsMetByADependencyThatWasStartedAndHasExitedSince() {
        assertThat(check("START", exited(1), true)).isInstanceOf(Verdict.Ready.class);
    }

    @Test
    void completeWaitsForAnyExit() {
        assertThat(check("COMPLETE", running(), true)).isInstanceOf(Verdict.Waiting.class);
        assertThat(check("COMPLETE", exited(0), true)).isInstanceOf(Verdict.Ready.class);
        assertThat(check("COMPLETE", exited(3), true)).isInstanceOf(Verdict.Ready.class);
    }

    @Test
    void completeDoesNotCountAContainerThatWasCreatedButNeverRunAsExited() {
        assertThat(check("COMPLETE", created(), false)).isInstanceOf(Verdict.Waiting.class);
    }

    @Test
    void successWaitsForAnExitAndIsMetByExitCodeZero() {
        assertThat(check("SUCCESS", null, false)).isEqualTo(new Verdict.Waiting("db to exit successfully"));
        assertThat(check("SUCCESS", running(), true)).isInstanceOf(Verdict.Waiting.class);
        assertThat(check("SUCCESS", exited(0), true)).isInstanceOf(Verdict.Ready.class);
    }

    @Test
    void successCanNeverBeMetOnceTheDependencyExitedWithAnotherCode() {
        assertThat(check("SUCCESS", exited(1), true)).isInstanceOfSatisfying(Verdict.Impossible.class,
                impossible -> assertThat(impossible.reason()).contains("db").contains("code 1").contains("SUCCESS"));
    }

    @Test
    void healthyWaitsWhileTheHealthIsUnknownAndIsMetWhenHealthy() {
        assertThat(check("HEALTHY", running("UNKNOWN"), true)).isEqualTo(new Verdict.Waiting("db to be HEALTHY"));
        assertThat(check("HEALTHY", null, false)).isInstanceOf(Verdict.Waiting.class);
        assertThat(check("HEALTHY", running("HEALTHY"), true)).isInstanceOf(Verdict.Ready.class);
    }

    @Test
    void healthyCanNeverBeMetByAnUnhealthyDependency() {
        assertThat(check("HEALTHY", running("UNHEALTHY"), true)).isInstanceOfSatisfying(Verdict.Impossible.class,
                impossible -> assertThat(impossible.reason()).contains("db").contains("UNHEALTHY"));
    }

    @Test
    void healthyCanNeverBeMetByADependencyThatExitedBeforeItWasHealthy() {
        assertThat(check("HEALTHY", exited(0), true)).isInstanceOfSatisfying(Verdict.Impossible.class,
                impossible -> assertThat(impossible.reason()).contains("exited"));
    }

    @Test
    void everyDependencyMustBeMet() {
        TaskPlan.ContainerPlan app = planned("app", Map.of("db", "START", "cache", "HEALTHY"));
        Map<String, ContainerState> states = Map.of("db", running(), "cache", running("UNKNOWN"));

        assertThat(Dependencies.check(app, states, Set.of("db", "cache"))).isEqualTo(new Verdict.Waiting("cache to be HEALTHY"));
    }

    @Test
    void anUnknownConditionIsImpossible() {
        assertThat(check("EVENTUALLY", running(), true)).isInstanceOf(Verdict.Impossible.class);
    }

    @Test
    void dependentsStopBeforeWhatTheyDependOn() {
        // Listed so that the reverse of the definition order would be wrong.
        List<TaskPlan.ContainerPlan> containers = List.of(planned("web", Map.of("app", "START")),
                planned("app", Map.of("db", "HEALTHY")), planned("db", Map.of()), planned("logs", Map.of()));

        List<String> order = Dependencies.stopOrder(containers).stream().map(TaskPlan.ContainerPlan::name).toList();

        assertThat(order).containsExactlyInAnyOrder("web", "app", "db", "logs");
        assertThat(order.indexOf("web")).isLessThan(order.indexOf("app"));
        assertThat(order.indexOf("app")).isLessThan(order.indexOf("db"));
    }

    @Test
    void aContainerThatSeveralDependOnStopsAfterAllOfThem() {
        List<TaskPlan.ContainerPlan> containers = List.of(planned("db", Map.of()), planned("api", Map.of("db", "START")),
                planned("worker", Map.of("db", "START")));

        assertThat(Dependencies.stopOrder(containers)).last().extracting(TaskPlan.ContainerPlan::name).isEqualTo("db");
    }
}
