package dev.berth.ecs.service.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.ecs.service.rollout.TaskView.Health;
import dev.berth.ecs.service.rollout.TaskView.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fake cluster with a fake clock for the reconciler: tasks move PENDING → RUNNING → HEALTHY (or
 * fail, as their task definition's {@link Fate} says, or at random) one simulated second at a time,
 * stop a second after they are asked to, and every decision is applied the way the service
 * controller applies it. Each pass checks the rolling-update invariants.
 */
final class RolloutHarness {
    /** How the tasks of a task definition behave. */
    enum Fate {
        /** Starts, then passes its health check. */
        HEALTHY,
        /** Starts; has no health check at all. */
        UNCHECKED,
        /** Never starts: TaskFailedToStart. */
        EXITS_AT_START,
        /** Starts, then its health check fails. */
        FAILS_HEALTH_CHECK,
        /** Starts, looks fine for a few seconds, then its essential container exits. */
        EXITS_AFTER_RUNNING
    }

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int START_SECONDS = 2;
    private static final int HEALTHY_AFTER_SECONDS = 3;
    private static final int EXIT_AFTER_SECONDS = 4;

    final Map<String, InstanceView> instances = new LinkedHashMap<>();
    final Map<String, String> instanceProvider = new HashMap<>();
    final Map<String, Fate> fates = new HashMap<>();
    final List<Sim> tasks = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    ServiceSpec spec;
    ServiceState state;
    Instant now = START;
    Random random = new Random(1);
    /** Chance per simulated second that a RUNNING task's container exits on its own. */
    double crashRate;
    int failuresInjected;
    private int ids;
    private String context = "";

    static final class Sim {
        final String id;
        final String deploymentId;
        final String taskDefinition;
        final String instanceId;
        final String provider;
        final Fate fate;
        Phase phase = Phase.PENDING;
        boolean stopRequested;
        Health health = Health.UNKNOWN;
        Instant startedAt;
        String stopCode;
        int secondsInPhase;

        Sim(String id, String deploymentId, String taskDefinition, String instanceId, String provider, Fate fate) {
            this.id = id;
            this.deploymentId = deploymentId;
            this.taskDefinition = taskDefinition;
            this.instanceId = instanceId;
            this.provider = provider;
            this.fate = fate;
        }

        boolean healthChecked() {
            return fate != Fate.UNCHECKED;
        }

        TaskView view() {
            return new TaskView(id, deploymentId, instanceId, provider, phase, stopRequested, health, healthChecked(),
                    startedAt, stopCode);
        }

        boolean healthy() {
            return view().healthy();
        }

        @Override
        public String toString() {
            return id + "(" + taskDefinition + " on " + instanceId + ", " + phase + (stopRequested ? " stopping" : "") + ", "
                    + health + ")";
        }
    }

    RolloutHarness(ServiceSpec spec, String taskDefinition, List<ProviderShare> providers) {
        this.spec = spec;
        this.state = new ServiceState(List.of(Deployment.start(newDeploymentId(), taskDefinition, providers,
                spec.desiredCount(), now)), null, false, 0, 0, null);
    }

    static ServiceSpec replica(int desired, int minimumHealthy, int maximum, boolean breaker, boolean rollback) {
        return new ServiceSpec("web", false, desired, minimumHealthy, maximum, breaker, rollback, Duration.ZERO, false);
    }

    RolloutHarness instance(String id, String provider) {
        instances.put(id, new InstanceView(id, "ACTIVE", true, true));
        instanceProvider.put(id, provider);
        return this;
    }

    RolloutHarness instances(int count) {
        for (int i = 0; i < count; i++) {
            instance("i-" + i, null);
        }
        return this;
    }

    RolloutHarness fate(String taskDefinition, Fate fate) {
        fates.put(taskDefinition, fate);
        return this;
    }

    String newDeploymentId() {
        return "ecs-svc/" + (1_000_000_000_000_000_000L + ++ids);
    }

    /** UpdateService with a new task definition: a new PRIMARY deployment. */
    void deploy(String taskDefinition, List<ProviderShare> providers) {
        List<Deployment> deployments = new ArrayList<>(state.deployments());
        deployments.add(0, Deployment.start(newDeploymentId(), taskDefinition, providers, desired(), now));
        state = new ServiceState(deployments, state.lastCompleted(), false, state.runningCount(), state.pendingCount(),
                state.throttle());
    }

    void setSpec(ServiceSpec changed) {
        spec = changed;
    }

    int desired() {
        if (spec.deleting()) {
            return 0;
        }
        if (!spec.daemon()) {
            return spec.desiredCount();
        }
        return (int) instances.values().stream().filter(InstanceView::daemonEligible).count();
    }

    /** One second passes, then one reconcile pass. */
    Decision step() {
        tick();
        return pass();
    }

    Decision pass() {
        List<TaskView> views = tasks.stream().map(Sim::view).toList();
        int healthyBefore = healthyCount();
        int desired = desired();
        Decision decision = Reconciler.decide(spec, state, views, instances, now);
        state = decision.next();
        events.addAll(decision.events());
        tasks.removeIf(task -> decision.forget().contains(task.id));
        for (Decision.Stop stop : decision.stops()) {
            Sim task = find(stop.taskId());
            assertThat(task.stopRequested).as(context + "a task is asked to stop once").isFalse();
            task.stopRequested = true;
            if (task.stopCode == null) {
                task.stopCode = "ServiceSchedulerInitiated";
            }
        }
        int launched = 0;
        for (Decision.Launch launch : decision.launches()) {
            for (int i = 0; i < launch.count(); i++) {
                String instanceId = launch.instanceId() != null ? launch.instanceId() : placeOn(launch.provider());
                tasks.add(new Sim("t" + (++ids), launch.deploymentId(), launch.taskDefinition(), instanceId,
                        launch.provider(), fates.getOrDefault(launch.taskDefinition(), Fate.HEALTHY)));
                launched++;
            }
        }
        checkInvariants(decision, desired, healthyBefore, launched);
        return decision;
    }

    private void checkInvariants(Decision decision, int desired, int healthyBefore, int launched) {
        int live = tasks.size();
        int minimumHealthy = Math.ceilDiv(desired * spec.minimumHealthyPercent(), 100);
        int maximum = Math.floorDiv(desired * spec.maximumPercent(), 100);
        String at = context + "at " + Duration.between(START, now).toSeconds() + " s, desired " + desired + ", "
                + spec.minimumHealthyPercent() + "/" + spec.maximumPercent() + ": ";
        if (launched > 0) {
            assertThat(live).as(at + "tasks holding a slot after starting " + launched).isLessThanOrEqualTo(maximum);
        }
        assertThat(healthyCount()).as(at + "healthy tasks after the scheduler's stops (before: " + healthyBefore + ")")
                .isGreaterThanOrEqualTo(Math.min(healthyBefore, minimumHealthy));
        if (decision.next().deployments().size() == 1
                && decision.next().primary().rollout() == RolloutState.COMPLETED) {
            // Replacements of tasks on a draining instance are the one excess ECS allows (within maximumPercent).
            long kept = tasks.stream().filter(task -> !task.stopRequested)
                    .filter(task -> instances.containsKey(task.instanceId) && instances.get(task.instanceId).active())
                    .count();
            assertThat(kept).as(at + "outside a deployment never more than desired").isLessThanOrEqualTo(desired);
        }
    }

    int healthyCount() {
        return (int) tasks.stream().filter(Sim::healthy).count();
    }

    private String placeOn(String provider) {
        List<String> candidates = instances.values().stream()
                .filter(instance -> instance.active() && instance.connected())
                .map(InstanceView::instanceId)
                .filter(id -> provider == null || provider.equals(instanceProvider.get(id)))
                .toList();
        assertThat(candidates).as(context + "an instance for provider " + provider).isNotEmpty();
        return candidates.get(random.nextInt(candidates.size()));
    }

    Sim find(String taskId) {
        return tasks.stream().filter(task -> task.id.equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError(context + "no task " + taskId));
    }

    void tick() {
        now = now.plusSeconds(1);
        for (Sim task : tasks) {
            task.secondsInPhase++;
            if (task.phase == Phase.STOPPED) {
                continue;
            }
            if (task.stopRequested) {
                stopped(task, task.stopCode);
                continue;
            }
            if (task.phase == Phase.PENDING && task.secondsInPhase >= START_SECONDS) {
                if (task.fate == Fate.EXITS_AT_START) {
                    stopped(task, "TaskFailedToStart");
                } else {
                    task.phase = Phase.RUNNING;
                    task.startedAt = now;
                    task.secondsInPhase = 0;
                }
            } else if (task.phase == Phase.RUNNING) {
                if (task.healthChecked() && task.health == Health.UNKNOWN && task.secondsInPhase >= HEALTHY_AFTER_SECONDS) {
                    task.health = task.fate == Fate.FAILS_HEALTH_CHECK ? Health.UNHEALTHY : Health.HEALTHY;
                }
                if (task.fate == Fate.EXITS_AFTER_RUNNING && task.secondsInPhase >= EXIT_AFTER_SECONDS) {
                    stopped(task, "EssentialContainerExited");
                } else if (crashRate > 0 && random.nextDouble() < crashRate) {
                    failuresInjected++;
                    stopped(task, "EssentialContainerExited");
                }
            }
        }
    }

    private static void stopped(Sim task, String stopCode) {
        task.phase = Phase.STOPPED;
        task.stopCode = task.stopCode == null ? stopCode : task.stopCode;
        task.secondsInPhase = 0;
    }

    /** Steps until the service is stable (one deployment, COMPLETED, desired tasks all healthy) or the time runs out. */
    boolean runUntilStable(int seconds) {
        for (int i = 0; i < seconds; i++) {
            step();
            if (stable()) {
                return true;
            }
        }
        return false;
    }

    boolean stable() {
        return state.deployments().size() == 1 && state.primary().rollout() == RolloutState.COMPLETED
                && tasks.size() == desired() && tasks.stream().allMatch(Sim::healthy);
    }

    /** What {@code aws ecs wait services-stable} checks. */
    boolean waiterWouldSucceed() {
        return state.deployments().size() == 1 && state.runningCount() == desired();
    }

    void describe(String what) {
        this.context = what + ": ";
    }

    List<Sim> tasksOf(String taskDefinition) {
        return tasks.stream().filter(task -> task.taskDefinition.equals(taskDefinition)).toList();
    }
}
