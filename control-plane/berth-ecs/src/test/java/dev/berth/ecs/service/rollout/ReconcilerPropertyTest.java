package dev.berth.ecs.service.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.ecs.service.rollout.RolloutHarness.Fate;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random services on the fake cluster (seeded, so a failure replays): random desired
 * counts, percentages, instance counts, capacity splits and injected crashes. At every pass the
 * harness checks that starts never take the tasks holding a slot above maximumPercent, that the
 * scheduler's own stops never take the healthy tasks below minimumHealthyPercent (below only
 * where failures took them), and that a settled service never runs more than desired; and every
 * deployment converges.
 */
class ReconcilerPropertyTest {
    private static final int TRIALS = 2_000;

    @Test
    void rollingUpdatesHoldTheirBoundsAndConverge() {
        Random random = new Random(20_261_122);
        int rolledBack = 0;
        int crashes = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            int desired = 1 + random.nextInt(12);
            int minimum = random.nextInt(4) == 0 ? 100 : random.nextInt(101);
            int maximum = 100 + random.nextInt(101);
            if (Math.floorDiv(desired * maximum, 100) <= desired && Math.ceilDiv(desired * minimum, 100) >= desired) {
                maximum = 200; // no room either way: ECS cannot deploy that configuration either
            }
            boolean breaker = random.nextBoolean();
            List<ProviderShare> providers = random.nextInt(3) == 0
                    ? List.of(new ProviderShare("OD", random.nextInt(3), random.nextInt(3)), new ProviderShare("SPOT", 0, 1 + random.nextInt(4)))
                    : List.of();
            ServiceSpec spec = new ServiceSpec("web", false, desired, minimum, maximum, breaker, breaker,
                    Duration.ofSeconds(random.nextInt(3)), false);
            RolloutHarness cluster = new RolloutHarness(spec, "web:1", providers);
            cluster.random = new Random(random.nextLong());
            int instances = 1 + random.nextInt(5);
            for (int i = 0; i < instances; i++) {
                cluster.instance("i-" + i, providers.isEmpty() ? null : i % 2 == 0 ? "OD" : "SPOT");
            }
            if (!providers.isEmpty() && instances == 1) {
                cluster.instance("i-spot", "SPOT");
            }
            String what = "trial " + trial + " (desired " + desired + ", " + minimum + "/" + maximum + ", providers "
                    + providers + ")";
            cluster.describe(what);
            assertThat(cluster.runUntilStable(120)).as(what + ": created").isTrue();

            Fate fate = random.nextInt(5) == 0 ? Fate.values()[2 + random.nextInt(3)] : Fate.HEALTHY;
            cluster.fate("web:2", fate);
            cluster.crashRate = random.nextInt(3) == 0 ? 0.01 : 0;
            cluster.deploy("web:2", providers);
            boolean stable = cluster.runUntilStable(600);
            crashes += cluster.failuresInjected;
            if (fate == Fate.EXITS_AFTER_RUNNING) {
                // Whether it completes depends on whether its tasks exit before the old ones are gone:
                // either way only the bounds checked at every pass are owed.
                continue;
            }
            if (fate != Fate.HEALTHY && !breaker) {
                // Without the breaker a broken revision is retried for ever, within the bounds.
                assertThat(stable).as(what + " with " + fate).isFalse();
                continue;
            }
            assertThat(stable).as(what + " with " + fate + ": deployed").isTrue();
            String primary = cluster.state.primary().taskDefinition();
            if (fate != Fate.HEALTHY) {
                assertThat(primary).as(what + " with " + fate + ": rolled back").isEqualTo("web:1");
                rolledBack++;
            } else if (cluster.failuresInjected == 0 || !breaker) {
                assertThat(primary).as(what + ": deployed").isEqualTo("web:2");
            } // else injected crashes of the new revision may have tripped the breaker: either is right
            assertThat(cluster.tasks).as(what).allMatch(task -> task.taskDefinition.equals(primary));
            assertThat(cluster.waiterWouldSucceed()).as(what + ": services-stable").isTrue();
        }
        assertThat(rolledBack).as("the generator must exercise the breaker").isGreaterThan(100);
        assertThat(crashes).as("and injected crashes").isGreaterThan(100);
    }

    @Test
    void scalingDuringADeploymentStaysWithinTheBoundsOfTheNewCount() {
        Random random = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            int desired = 1 + random.nextInt(8);
            RolloutHarness cluster = new RolloutHarness(RolloutHarness.replica(desired, 50, 200, false, false),
                    "web:1", List.of()).instances(3);
            cluster.random = new Random(random.nextLong());
            cluster.describe("trial " + trial);
            cluster.runUntilStable(60);
            cluster.deploy("web:2", List.of());
            for (int second = 0; second < 3; second++) {
                cluster.step();
            }
            int changed = random.nextInt(10);
            cluster.setSpec(RolloutHarness.replica(changed, 50, 200, false, false));
            assertThat(cluster.runUntilStable(300)).as("trial " + trial + ": " + desired + " → " + changed).isTrue();
            assertThat(cluster.tasks).hasSize(changed).allMatch(task -> task.taskDefinition.equals("web:2"));
        }
    }
}
