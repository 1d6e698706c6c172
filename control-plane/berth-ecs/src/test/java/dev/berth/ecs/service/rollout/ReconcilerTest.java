package dev.berth.ecs.service.rollout;

import static dev.berth.ecs.service.rollout.RolloutHarness.replica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.ecs.service.rollout.RolloutHarness.Fate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service scheduler's rules, one at a time, on the fake cluster. */
class ReconcilerTest {
    private static final List<ProviderShare> NONE = List.of();

    @Test
    void aNewServiceStartsItsTasksAtOnceAndReportsSteadyStateOnce() {
        RolloutHarness cluster = new RolloutHarness(replica(3, 100, 200, false, false), "web:1", NONE).instances(2);

        Decision first = cluster.pass();

        assertThat(first.launches()).singleElement().satisfies(launch -> {
            assertThat(launch.count()).isEqualTo(3);
            assertThat(launch.taskDefinition()).isEqualTo("web:1");
        });
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.state.primary().rollout()).isEqualTo(RolloutState.COMPLETED);
        assertThat(cluster.state.primary().rolloutReason()).isEqualTo("ECS deployment " + cluster.state.primary().id()
                + " completed.");
        cluster.step();
        cluster.step();
        assertThat(cluster.events).filteredOn(event -> event.endsWith("has reached a steady state.")).hasSize(1);
        assertThat(cluster.events).contains("(service web) (deployment " + cluster.state.primary().id()
                + ") deployment completed.");
        assertThat(cluster.waiterWouldSucceed()).isTrue();
    }

    @Test
    void aRollingUpdateAt100And200StartsAllNewTasksThenStopsTheOldOnesOnlyOnceTheNewAreHealthy() {
        RolloutHarness cluster = new RolloutHarness(replica(4, 100, 200, false, false), "web:1", NONE).instances(2);
        cluster.runUntilStable(30);

        cluster.deploy("web:2", NONE);
        Decision start = cluster.pass();

        assertThat(start.launches()).singleElement().extracting(Decision.Launch::count).isEqualTo(4);
        assertThat(start.stops()).isEmpty();
        assertThat(cluster.state.deployments()).extracting(Deployment::taskDefinition).containsExactly("web:2", "web:1");
        assertThat(cluster.waiterWouldSucceed()).as("two deployments: not stable").isFalse();
        for (int second = 0; second < 30 && !cluster.stable(); second++) {
            cluster.step();
            long oldGoing = 4 - cluster.tasksOf("web:1").stream().filter(task -> !task.stopRequested).count();
            long newHealthy = cluster.tasksOf("web:2").stream().filter(RolloutHarness.Sim::healthy).count();
            assertThat(oldGoing).as("old tasks stopped, at most one per healthy new one").isLessThanOrEqualTo(newHealthy);
        }
        assertThat(cluster.stable()).isTrue();
        assertThat(cluster.tasks).allMatch(task -> task.taskDefinition.equals("web:2"));
        assertThat(cluster.state.lastCompleted().taskDefinition()).isEqualTo("web:2");
    }

    @Test
    void withNoRoomAbove100PercentOldTasksStopFirstDownToTheMinimum() {
        RolloutHarness cluster = new RolloutHarness(replica(4, 50, 100, false, false), "web:1", NONE).instances(2);
        cluster.runUntilStable(30);

        cluster.deploy("web:2", NONE);
        Decision first = cluster.pass();

        assertThat(first.launches()).as("no room above 4").isEmpty();
        assertThat(first.stops()).hasSize(2);
        String old = cluster.state.deployments().get(1).id();
        assertThat(first.stops()).allSatisfy(stop -> assertThat(stop.reason())
                .isEqualTo("Scaling activity initiated by (deployment " + old + ")"));
        assertThat(cluster.runUntilStable(60)).isTrue();
    }

    @Test
    void scalingInStopsTheSurplusAtOnceAndScalingOutStartsTheDifference() {
        RolloutHarness cluster = new RolloutHarness(replica(3, 100, 200, false, false), "web:1", NONE).instances(2);
        cluster.runUntilStable(30);

        cluster.setSpec(replica(6, 100, 200, false, false));
        assertThat(cluster.pass().launches()).singleElement().extracting(Decision.Launch::count).isEqualTo(3);
        assertThat(cluster.runUntilStable(30)).isTrue();

        cluster.setSpec(replica(1, 100, 200, false, false));
        Decision in = cluster.pass();
        assertThat(in.stops()).hasSize(5);
        assertThat(in.events()).anyMatch(event -> event.startsWith("(service web) has stopped 5 running tasks: (task "));
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.tasks).hasSize(1);
    }

    @Test
    void aTaskThatStopsIsReplaced() {
        RolloutHarness cluster = new RolloutHarness(replica(2, 100, 200, false, false), "web:1", NONE).instances(1);
        cluster.runUntilStable(30);
        RolloutHarness.Sim victim = cluster.tasks.get(0);
        victim.phase = TaskView.Phase.STOPPED;
        victim.stopCode = "EssentialContainerExited";

        Decision decision = cluster.pass();

        assertThat(decision.forget()).containsExactly(victim.id);
        assertThat(decision.launches()).singleElement().extracting(Decision.Launch::count).isEqualTo(1);
        assertThat(cluster.state.primary().failedTasks()).isEqualTo(1);
        assertThat(cluster.state.primary().rollout()).as("failures after completion trip nothing")
                .isEqualTo(RolloutState.COMPLETED);
        assertThat(cluster.runUntilStable(30)).isTrue();
    }

    @Test
    void aBrokenRevisionTripsTheBreakerAtThreeFailuresAndRollsBackToTheLastCompletedOne() {
        for (Fate broken : List.of(Fate.EXITS_AT_START, Fate.FAILS_HEALTH_CHECK, Fate.EXITS_AFTER_RUNNING)) {
            RolloutHarness cluster = new RolloutHarness(replica(3, 100, 200, true, true), "web:1", NONE)
                    .instances(2).fate("web:2", broken);
            cluster.describe(broken.name());
            cluster.runUntilStable(30);
            String good = cluster.state.primary().id();
            cluster.deploy("web:2", NONE);
            String bad = cluster.state.primary().id();

            assertThat(cluster.runUntilStable(120)).as(broken + ": back to stable").isTrue();

            assertThat(cluster.tasks).as(broken.name()).allMatch(task -> task.taskDefinition.equals("web:1"));
            assertThat(cluster.state.primary().taskDefinition()).isEqualTo("web:1");
            assertThat(cluster.state.primary().rolloutReason()).as(broken.name())
                    .isEqualTo("ECS deployment " + cluster.state.primary().id() + " completed.");
            assertThat(cluster.state.primary().id()).as("the rollback revives the last completed deployment").isEqualTo(good);
            assertThat(cluster.events).as(broken.name())
                    .contains("(service web) (deployment " + bad + ") deployment failed: tasks failed to start.")
                    .contains("(service web) rolling back to deployment " + good + ".");
            assertThat(cluster.healthyCount()).isEqualTo(3);
        }
    }

    @Test
    void theBreakerWithoutRollbackLeavesTheOldTasksServingAndStartsNothingMore() {
        RolloutHarness cluster = new RolloutHarness(replica(3, 100, 200, true, false), "web:1", NONE)
                .instances(2).fate("web:2", Fate.EXITS_AT_START);
        cluster.runUntilStable(30);
        cluster.deploy("web:2", NONE);

        for (int i = 0; i < 60; i++) {
            cluster.step();
        }

        Deployment failed = cluster.state.primary();
        assertThat(failed.rollout()).isEqualTo(RolloutState.FAILED);
        assertThat(failed.rolloutReason()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(failed.failedTasks()).isGreaterThanOrEqualTo(3);
        assertThat(cluster.tasksOf("web:1")).hasSize(3).allMatch(RolloutHarness.Sim::healthy);
        assertThat(cluster.tasksOf("web:2")).isEmpty();
        assertThat(cluster.waiterWouldSucceed()).as("two deployments remain").isFalse();
    }

    @Test
    void theThresholdIsHalfTheDesiredCountBetweenThreeAndTwoHundred() {
        assertThat(Reconciler.threshold(1)).isEqualTo(3);
        assertThat(Reconciler.threshold(6)).isEqualTo(3);
        assertThat(Reconciler.threshold(7)).isEqualTo(4);
        assertThat(Reconciler.threshold(10)).isEqualTo(5);
        assertThat(Reconciler.threshold(1000)).isEqualTo(200);
    }

    @Test
    void healthCheckFailuresInsideTheGracePeriodAreIgnored() {
        ServiceSpec graceful = new ServiceSpec("web", false, 1, 100, 200, false, false, Duration.ofSeconds(20), false);
        RolloutHarness cluster = new RolloutHarness(graceful, "web:1", NONE).instances(1).fate("web:1",
                Fate.FAILS_HEALTH_CHECK);
        cluster.pass();
        for (int second = 1; second < 20; second++) {
            assertThat(cluster.step().stops()).as("second " + second).isEmpty();
        }
        boolean stopped = false;
        for (int second = 0; second < 5 && !stopped; second++) {
            stopped = cluster.step().stops().stream().anyMatch(stop -> stop.reason().equals("Task failed container health checks"));
        }
        assertThat(stopped).isTrue();
        assertThat(cluster.events).anyMatch(event -> event.endsWith("failed container health checks."));
    }

    @Test
    void tasksOnADrainingInstanceAreReplacedElsewhereBeforeTheyStop() {
        RolloutHarness cluster = new RolloutHarness(replica(2, 100, 200, false, false), "web:1", NONE)
                .instance("a", null);
        cluster.runUntilStable(30);
        cluster.instance("b", null);
        cluster.instances.put("a", new InstanceView("a", "DRAINING", true, false));

        Decision decision = cluster.pass();

        assertThat(decision.launches()).singleElement().extracting(Decision.Launch::count).isEqualTo(2);
        assertThat(decision.stops()).as("nothing stops before its replacement is healthy").isEmpty();
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.tasks).allMatch(task -> task.instanceId.equals("b"));
    }

    @Test
    void aCapacityProviderStrategyPutsTheBaseFirstThenSplitsByWeight() {
        assertThat(CapacitySplit.targets(4, List.of(new ProviderShare("FARGATE", 1, 1), new ProviderShare("FARGATE_SPOT", 0, 3))))
                .containsExactly(Map.entry("FARGATE", 2), Map.entry("FARGATE_SPOT", 2));
        assertThat(CapacitySplit.targets(5, List.of(new ProviderShare("FARGATE", 1, 1), new ProviderShare("FARGATE_SPOT", 0, 3))))
                .containsExactly(Map.entry("FARGATE", 2), Map.entry("FARGATE_SPOT", 3));
        assertThat(CapacitySplit.targets(8, List.of(new ProviderShare("A", 0, 1), new ProviderShare("B", 0, 3))))
                .containsExactly(Map.entry("A", 2), Map.entry("B", 6));
        assertThat(CapacitySplit.targets(3, List.of(new ProviderShare("OD", 2, 0), new ProviderShare("SPOT", 0, 1))))
                .containsExactly(Map.entry("OD", 2), Map.entry("SPOT", 1));

        List<ProviderShare> mix = List.of(new ProviderShare("FARGATE", 1, 0), new ProviderShare("FARGATE_SPOT", 0, 1));
        RolloutHarness cluster = new RolloutHarness(replica(4, 100, 200, false, false), "web:1", mix)
                .instance("od", "FARGATE").instance("spot", "FARGATE_SPOT");
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.tasks).filteredOn(task -> task.instanceId.equals("od")).hasSize(1);
        assertThat(cluster.tasks).filteredOn(task -> task.instanceId.equals("spot")).hasSize(3);
    }

    @Test
    void aDaemonRunsOneTaskOnEveryEligibleInstanceIncludingOnesThatJoinLater() {
        ServiceSpec daemon = new ServiceSpec("agentd", true, 0, 0, 100, false, false, Duration.ZERO, false);
        RolloutHarness cluster = new RolloutHarness(daemon, "agentd:1", NONE).instances(2);
        cluster.instances.put("excluded", new InstanceView("excluded", "ACTIVE", true, false));
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.tasks).extracting(task -> task.instanceId).containsExactlyInAnyOrder("i-0", "i-1");

        cluster.instance("late", null);
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.tasks).extracting(task -> task.instanceId).containsExactlyInAnyOrder("i-0", "i-1", "late");

        cluster.deploy("agentd:2", NONE);
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.tasks).allMatch(task -> task.taskDefinition.equals("agentd:2")).hasSize(3);

        cluster.instances.put("i-0", new InstanceView("i-0", "DRAINING", true, false));
        assertThat(cluster.runUntilStable(30)).isTrue();
        assertThat(cluster.tasks).extracting(task -> task.instanceId).containsExactlyInAnyOrder("i-1", "late");
    }

    @Test
    void aDeletedServiceStopsEverything() {
        RolloutHarness cluster = new RolloutHarness(replica(3, 100, 200, false, false), "web:1", NONE).instances(1);
        cluster.runUntilStable(30);
        cluster.setSpec(new ServiceSpec("web", false, 3, 100, 200, false, false, Duration.ZERO, true));

        assertThat(cluster.pass().stops()).hasSize(3);
        cluster.step();
        cluster.step();
        assertThat(cluster.tasks).isEmpty();
    }

    @Test
    void anUpdateDuringADeploymentMakesTheNewestPrimaryAndDrainsTheOthers() {
        RolloutHarness cluster = new RolloutHarness(replica(3, 100, 200, false, false), "web:1", NONE).instances(2);
        cluster.runUntilStable(30);
        cluster.deploy("web:2", NONE);
        cluster.step();
        cluster.step();
        cluster.deploy("web:3", NONE);

        assertThat(cluster.state.deployments()).extracting(Deployment::taskDefinition).containsExactly("web:3", "web:2", "web:1");
        assertThat(cluster.runUntilStable(60)).isTrue();
        assertThat(cluster.tasks).allMatch(task -> task.taskDefinition.equals("web:3"));
    }
}
