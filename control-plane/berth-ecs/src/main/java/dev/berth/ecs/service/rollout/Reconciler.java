package dev.berth.ecs.service.rollout;

import dev.berth.ecs.service.rollout.Decision.Launch;
import dev.berth.ecs.service.rollout.Decision.Stop;
import dev.berth.ecs.service.rollout.TaskView.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ECS service scheduler as one pure function, run for a service on every pass: keep its
 * desired tasks running, roll from one deployment to the next within minimumHealthyPercent and
 * maximumPercent, replace tasks on draining instances, trip the circuit breaker and roll back.
 *
 * <p>Rules, in the order a pass applies them:
 * <ol>
 * <li>STOPPED tasks are accounted for and forgotten; those that stopped on their own (could not
 *     start, or an essential container exited — also after it had been running) count as failed
 *     tasks of their deployment.</li>
 * <li>A RUNNING task whose health check says UNHEALTHY after healthCheckGracePeriod is stopped
 *     and counts as failed.</li>
 * <li>While the PRIMARY deployment is IN_PROGRESS with the breaker on, failedTasks reaching
 *     max(3, min(200, ⌈desired/2⌉)) makes it FAILED; with rollback, a new deployment of the last
 *     COMPLETED one's task definition becomes PRIMARY. Unlike ECS, a task that started and then
 *     failed never resets the count: such a deployment is broken too. A FAILED deployment
 *     (without rollback) starts nothing and stops no healthy task: the service stays as it is.</li>
 * <li>The PRIMARY's tasks on ACTIVE instances are current; every other task that is not already
 *     stopping is outgoing. Current tasks beyond the desired count are stopped (scale-in is not
 *     bound by minimumHealthyPercent); outgoing tasks that are still pending are stopped at once.</li>
 * <li>New tasks start while tasks holding a slot (running, pending or stopping) stay within
 *     ⌊desired × maximumPercent / 100⌋; with a capacity provider strategy, per provider.</li>
 * <li>Outgoing tasks stop: unhealthy ones at once, healthy ones only while the healthy tasks that
 *     remain are at least ⌈desired × minimumHealthyPercent / 100⌉.</li>
 * <li>ACTIVE deployments with no task left are dropped; the PRIMARY is COMPLETED when it alone
 *     remains with exactly its desired tasks, all healthy and none going.</li>
 * </ol>
 * A DAEMON service's desired count is its eligible instances, with one task on each.
 */
public final class Reconciler {
    static final String HEALTH_CHECK_FAILED = "Task failed container health checks";
    static final String ELB_HEALTH_CHECK_FAILED = "Task failed ELB health checks";
    private static final String ROLLING_BACK = "ECS deployment circuit breaker: rolling back to deploymentId ";

    private final ServiceSpec spec;
    private final ServiceState state;
    private final Map<String, InstanceView> instances;
    private final Instant now;
    private final String service;
    private final List<Deployment> deployments;
    private final List<TaskView> live = new ArrayList<>();
    private final Map<String, Integer> failed = new HashMap<>();
    private final Set<String> forget = new HashSet<>();
    private final Map<String, Stop> stops = new LinkedHashMap<>();
    private final List<Launch> launches = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private Deployment lastCompleted;
    private ServiceState.Throttle throttle;
    private boolean blockedByConfiguration;

    private Reconciler(ServiceSpec spec, ServiceState state, Map<String, InstanceView> instances, Instant now) {
        this.spec = spec;
        this.state = state;
        this.instances = instances;
        this.now = now;
        this.service = "(service " + spec.name() + ")";
        this.deployments = new ArrayList<>(state.deployments());
        this.lastCompleted = state.lastCompleted();
        this.throttle = state.throttle();
    }

    /**
     * @param instances the cluster's container instances by id (a task whose instance is absent is on a gone one)
     */
    public static Decision decide(ServiceSpec spec, ServiceState state, List<TaskView> tasks,
                                  Map<String, InstanceView> instances, Instant now) {
        return new Reconciler(spec, state, instances, now).run(tasks);
    }

    /** The circuit breaker's threshold for a desired count (ECS: half of it, at least 3, at most 200). */
    public static int threshold(int desired) {
        return Math.max(3, Math.min(200, (desired + 1) / 2));
    }

    private Decision run(List<TaskView> tasks) {
        for (TaskView task : tasks) {
            if (task.live()) {
                live.add(task);
            } else {
                forget.add(task.taskId());
                if (task.failedOnItsOwn()) {
                    failed.merge(task.deploymentId(), 1, Integer::sum);
                }
            }
        }
        stopUnhealthy();
        List<InstanceView> eligible = instances.values().stream().filter(InstanceView::daemonEligible)
                .sorted(Comparator.comparing(InstanceView::instanceId)).toList();
        int desired = spec.deleting() ? 0 : spec.daemon() ? daemonTargets(eligible).size() : spec.desiredCount();
        countFailures();
        tripBreaker(desired);
        updateThrottle(tasks);
        if (spec.daemon()) {
            scheduleDaemon(eligible, daemonTargets(eligible), desired);
        } else {
            scheduleReplicas(desired);
        }
        return conclude(desired);
    }

    private void stopUnhealthy() {
        for (TaskView task : live) {
            if (!task.stopRequested() && task.phase() == Phase.RUNNING && task.healthChecked()
                    && task.health() == TaskView.Health.UNHEALTHY
                    && (task.startedAt() == null || !now.isBefore(task.startedAt().plus(spec.healthCheckGracePeriod())))) {
                failed.merge(task.deploymentId(), 1, Integer::sum);
                if (task.failedTargetGroup() != null) {
                    stops.put(task.taskId(), new Stop(task.taskId(), ELB_HEALTH_CHECK_FAILED + " in (target-group "
                            + task.failedTargetGroup() + ")"));
                    events.add(service + " (task " + task.taskId() + ") is unhealthy in (target-group "
                            + task.failedTargetGroup() + ").");
                } else {
                    stops.put(task.taskId(), new Stop(task.taskId(), HEALTH_CHECK_FAILED));
                    events.add(service + " (task " + task.taskId() + ") failed container health checks.");
                }
            }
        }
    }

    private void countFailures() {
        for (int i = 0; i < deployments.size(); i++) {
            Deployment deployment = deployments.get(i);
            int more = failed.getOrDefault(deployment.id(), 0);
            if (more > 0) {
                deployments.set(i, deployment.withFailedTasks(deployment.failedTasks() + more));
            }
        }
    }

    private void tripBreaker(int desired) {
        Deployment primary = deployments.get(0);
        if (!spec.circuitBreaker() || primary.rollout() != RolloutState.IN_PROGRESS
                || primary.failedTasks() < threshold(desired)) {
            return;
        }
        deployments.set(0, primary.withRollout(RolloutState.FAILED, "ECS deployment circuit breaker: tasks failed to start."));
        events.add(service + " (deployment " + primary.id() + ") deployment failed: tasks failed to start.");
        if (spec.rollback() && lastCompleted != null && !lastCompleted.id().equals(primary.id())) {
            // As ECS does: the last COMPLETED deployment, under its own id, becomes PRIMARY again and
            // IN_PROGRESS; whatever of its tasks still run are its again.
            String back = lastCompleted.id();
            Deployment revived = deployments.stream().filter(deployment -> deployment.id().equals(back)).findFirst()
                    .orElse(lastCompleted);
            deployments.removeIf(deployment -> deployment.id().equals(back));
            deployments.add(0, revived.withFailedTasks(0).withRollout(RolloutState.IN_PROGRESS, ROLLING_BACK + back + "."));
            events.add(service + " rolling back to deployment " + back + ".");
        }
    }

    static final int THROTTLE_AFTER = 3;
    static final java.time.Duration THROTTLE_FIRST = java.time.Duration.ofSeconds(10);
    static final java.time.Duration THROTTLE_LONGEST = java.time.Duration.ofMinutes(27);

    private void updateThrottle(List<TaskView> tasks) {
        String primary = deployments.get(0).id();
        if (throttle != null && !throttle.deploymentId().equals(primary)) {
            throttle = null; // a new deployment starts unthrottled
        }
        int failures = throttle == null ? 0 : throttle.failures();
        boolean ran = false;
        int more = 0;
        for (TaskView task : tasks) {
            if (!task.deploymentId().equals(primary)) {
                continue;
            }
            ran |= task.live() && task.phase() == Phase.RUNNING;
            more += task.failedOnItsOwn() && task.startedAt() == null ? 1 : 0;
        }
        if (ran) {
            throttle = null;
            return;
        }
        if (more == 0) {
            return;
        }
        failures += more;
        java.time.Instant notBefore = now;
        if (failures >= THROTTLE_AFTER) {
            long factor = 1L << Math.min(20, failures - THROTTLE_AFTER);
            java.time.Duration delay = THROTTLE_FIRST.multipliedBy(factor);
            notBefore = now.plus(delay.compareTo(THROTTLE_LONGEST) > 0 ? THROTTLE_LONGEST : delay);
            if (failures - more < THROTTLE_AFTER) {
                events.add(service + " is unable to consistently start tasks successfully.");
            }
        }
        throttle = new ServiceState.Throttle(primary, failures, notBefore);
    }

    private boolean throttled() {
        return throttle != null && now.isBefore(throttle.notBefore());
    }

    private boolean frozen() {
        return deployments.get(0).rollout() == RolloutState.FAILED;
    }


    private boolean going(TaskView task) {
        return task.stopRequested() || stops.containsKey(task.taskId());
    }

    private void stop(TaskView task) {
        stops.putIfAbsent(task.taskId(), new Stop(task.taskId(),
                "Scaling activity initiated by (deployment " + task.deploymentId() + ")"));
    }

    private boolean onActiveInstance(TaskView task) {
        InstanceView instance = instances.get(task.instanceId());
        return instance != null && instance.active();
    }

    private void scheduleReplicas(int desired) {
        Deployment primary = deployments.get(0);
        List<TaskView> current = new ArrayList<>();
        List<TaskView> outgoing = new ArrayList<>();
        for (TaskView task : live) {
            if (going(task)) {
                continue;
            }
            (task.deploymentId().equals(primary.id()) && onActiveInstance(task) ? current : outgoing).add(task);
        }
        Map<String, Integer> targets = CapacitySplit.targets(desired, primary.providers());
        Map<String, List<TaskView>> byProvider = new LinkedHashMap<>();
        targets.keySet().forEach(provider -> byProvider.put(provider, new ArrayList<>()));
        for (TaskView task : current) {
            String key = primary.providers().isEmpty() ? null : task.provider();
            byProvider.computeIfAbsent(key, k -> new ArrayList<>()).add(task);
        }
        // Scale-in: the surplus goes, least useful first.
        List<TaskView> kept = new ArrayList<>();
        byProvider.forEach((provider, group) -> {
            int surplus = group.size() - targets.getOrDefault(provider, 0);
            List<TaskView> order = new ArrayList<>(group);
            order.sort(LEAST_USEFUL_FIRST);
            for (int i = 0; i < order.size(); i++) {
                if (i < surplus) {
                    stop(order.get(i));
                } else {
                    kept.add(order.get(i));
                }
            }
        });
        outgoing.stream().filter(task -> task.phase() == Phase.PENDING).forEach(this::stop);
        boolean shortOfTasks = false;
        if (!frozen() && !throttled()) {
            int room = Math.floorDiv(desired * spec.maximumPercent(), 100) - live.size();
            Map<String, Integer> needs = new LinkedHashMap<>();
            targets.forEach((provider, target) -> needs.put(provider,
                    Math.max(0, target - byProvider.getOrDefault(provider, List.of()).size())));
            while (room > 0) {
                Map.Entry<String, Integer> neediest = null;
                for (Map.Entry<String, Integer> need : needs.entrySet()) {
                    if (need.getValue() > 0 && (neediest == null || need.getValue() > neediest.getValue())) {
                        neediest = need;
                    }
                }
                if (neediest == null) {
                    break;
                }
                neediest.setValue(neediest.getValue() - 1);
                launch(neediest.getKey(), null);
                room--;
            }
            shortOfTasks = needs.values().stream().anyMatch(need -> need > 0);
        }
        stopOutgoing(kept, outgoing, desired);
        boolean inFlight = live.stream().anyMatch(task -> task.stopRequested() || task.phase() == Phase.PENDING);
        if (shortOfTasks && !outgoing.isEmpty() && launches.isEmpty() && stops.isEmpty() && !inFlight
                && deployments.get(0).rollout() == RolloutState.IN_PROGRESS) {
            events.add(service + " was unable to stop or start tasks during a deployment because of the service "
                    + "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.");
        }
    }

    private void launch(String provider, String instanceId) {
        Deployment primary = deployments.get(0);
        int last = launches.size() - 1;
        if (last >= 0 && launches.get(last).instanceId() == null && instanceId == null
                && java.util.Objects.equals(launches.get(last).provider(), provider)) {
            Launch previous = launches.remove(last);
            launches.add(new Launch(previous.deploymentId(), previous.taskDefinition(), provider, null, previous.count() + 1));
        } else {
            launches.add(new Launch(primary.id(), primary.taskDefinition(), provider, instanceId, 1));
        }
    }

    private void stopOutgoing(List<TaskView> current, List<TaskView> outgoing, int desired) {
        if (frozen()) {
            return;
        }
        int healthy = 0;
        for (TaskView task : current) {
            healthy += task.healthy() ? 1 : 0;
        }
        List<TaskView> running = new ArrayList<>();
        for (TaskView task : outgoing) {
            if (!going(task)) {
                running.add(task);
                healthy += task.healthy() ? 1 : 0;
            }
        }
        int budget = healthy - Math.ceilDiv(desired * spec.minimumHealthyPercent(), 100);
        running.sort(Comparator.comparing(TaskView::healthy).thenComparing(this::deploymentAge, Comparator.reverseOrder())
                .thenComparing(TaskView::taskId));
        for (TaskView task : running) {
            if (!task.healthy()) {
                stop(task);
            } else if (budget > 0) {
                stop(task);
                budget--;
            }
        }
    }

    /** 0 for the PRIMARY, growing with age; a deployment already dropped counts as oldest. */
    private int deploymentAge(TaskView task) {
        for (int i = 0; i < deployments.size(); i++) {
            if (deployments.get(i).id().equals(task.deploymentId())) {
                return i;
            }
        }
        return deployments.size();
    }

    /**
     * The instances a DAEMON service wants a task on: eligible ones whose agent is connected, and
     * those whose agent is away but whose task still runs (a short network loss costs no restart).
     */
    private List<InstanceView> daemonTargets(List<InstanceView> eligible) {
        Set<String> withTasks = new HashSet<>();
        live.forEach(task -> withTasks.add(task.instanceId()));
        return eligible.stream().filter(instance -> instance.connected() || withTasks.contains(instance.instanceId())).toList();
    }

    private void scheduleDaemon(List<InstanceView> eligible, List<InstanceView> targets, int desired) {
        Deployment primary = deployments.get(0);
        Set<String> eligibleIds = new HashSet<>();
        eligible.forEach(instance -> eligibleIds.add(instance.instanceId()));
        Map<String, List<TaskView>> currentOn = new HashMap<>();
        Map<String, Integer> liveOn = new HashMap<>();
        List<TaskView> outgoing = new ArrayList<>();
        List<TaskView> sorted = new ArrayList<>(live);
        sorted.sort(LEAST_USEFUL_FIRST.reversed());
        for (TaskView task : sorted) {
            liveOn.merge(task.instanceId(), 1, Integer::sum);
            if (going(task)) {
                continue;
            }
            boolean current = task.deploymentId().equals(primary.id()) && eligibleIds.contains(task.instanceId());
            if (current && !currentOn.containsKey(task.instanceId())) {
                currentOn.put(task.instanceId(), new ArrayList<>(List.of(task)));
            } else if (current) {
                stop(task); // a second one on the same instance
            } else {
                outgoing.add(task);
            }
        }
        outgoing.stream().filter(task -> task.phase() == Phase.PENDING).forEach(this::stop);
        if (!frozen() && !throttled()) {
            for (InstanceView instance : targets) {
                if (instance.connected() && !currentOn.containsKey(instance.instanceId())
                        && liveOn.getOrDefault(instance.instanceId(), 0) == 0) {
                    launch(null, instance.instanceId());
                }
            }
        }
        List<TaskView> current = new ArrayList<>();
        currentOn.values().forEach(current::addAll);
        stopOutgoing(current, outgoing, desired);
    }

    /** Pending before running, unhealthy before healthy, the newest before the oldest. */
    private static final Comparator<TaskView> LEAST_USEFUL_FIRST = Comparator
            .comparing((TaskView task) -> task.phase() == Phase.RUNNING)
            .thenComparing(TaskView::healthy)
            .thenComparing(task -> task.startedAt() == null ? Instant.MAX : task.startedAt(), Comparator.reverseOrder())
            .thenComparing(TaskView::taskId);

    private Decision conclude(int desired) {
        Map<String, int[]> counts = new HashMap<>(); // deployment → {-, running, pending, live}
        for (TaskView task : live) {
            int[] count = counts.computeIfAbsent(task.deploymentId(), id -> new int[4]);
            count[1] += task.phase() == Phase.RUNNING ? 1 : 0;
            count[2] += task.phase() == Phase.PENDING ? 1 : 0;
            count[3]++;
        }
        List<Deployment> next = new ArrayList<>();
        for (int i = 0; i < deployments.size(); i++) {
            Deployment deployment = deployments.get(i);
            int[] count = counts.getOrDefault(deployment.id(), new int[4]);
            if (i > 0 && count[3] == 0) {
                continue; // an ACTIVE deployment whose last task has stopped is done with
            }
            next.add(deployment.withCounts(i == 0 ? desired : 0, count[1], count[2]));
        }
        int running = 0;
        int pending = 0;
        boolean settled = stops.isEmpty() && launches.isEmpty();
        Deployment primary = next.get(0);
        int currentHealthy = 0;
        for (TaskView task : live) {
            running += task.phase() == Phase.RUNNING ? 1 : 0;
            pending += task.phase() == Phase.PENDING ? 1 : 0;
            boolean current = task.deploymentId().equals(primary.id()) && !going(task);
            settled &= current;
            currentHealthy += current && task.healthy() ? 1 : 0;
        }
        settled &= next.size() == 1 && currentHealthy == desired && live.size() == desired;
        settled &= !spec.deleting(); // a deleted service winds down: nothing to complete, no steady state to report
        if (settled && primary.rollout() == RolloutState.IN_PROGRESS) {
            primary = primary.withRollout(RolloutState.COMPLETED, "ECS deployment " + primary.id() + " completed.");
            next.set(0, primary);
            lastCompleted = primary;
            events.add(service + " (deployment " + primary.id() + ") deployment completed.");
        }
        boolean steady = settled && primary.rollout() == RolloutState.COMPLETED;
        if (steady && !state.steadyAnnounced()) {
            events.add(service + " has reached a steady state.");
        }
        List<String> stoppedRunning = new ArrayList<>();
        int stoppedPending = 0;
        for (TaskView task : live) {
            Stop stop = stops.get(task.taskId());
            if (stop == null || stop.reason().equals(HEALTH_CHECK_FAILED) || stop.reason().startsWith(ELB_HEALTH_CHECK_FAILED)) {
                continue;
            }
            if (task.phase() == Phase.RUNNING) {
                stoppedRunning.add("(task " + task.taskId() + ")");
            } else {
                stoppedPending++;
            }
        }
        if (!stoppedRunning.isEmpty()) {
            events.add(service + " has stopped " + stoppedRunning.size() + " running tasks: "
                    + String.join(" ", stoppedRunning) + ".");
        }
        if (stoppedPending > 0) {
            events.add(service + " stopped " + stoppedPending + " pending tasks.");
        }
        Map<String, Deployment> before = new HashMap<>();
        state.deployments().forEach(deployment -> before.put(deployment.id(), deployment));
        for (int i = 0; i < next.size(); i++) {
            Deployment was = before.get(next.get(i).id());
            if (was != null && !was.sameAs(next.get(i))) {
                next.set(i, next.get(i).touched(now));
            }
        }
        if (lastCompleted != null && lastCompleted.id().equals(primary.id())) {
            lastCompleted = next.get(0);
        }
        ServiceState after = new ServiceState(next, lastCompleted, steady, running, pending, throttle);
        return new Decision(after, List.copyOf(stops.values()), launches, events, forget);
    }
}
