package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerSummary;
import dev.berth.agent.runtime.RuntimeFailure;
import dev.berth.node.protocol.DesiredState;
import dev.berth.node.protocol.TaskAssignment;
import dev.berth.node.protocol.TaskReport;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-triggered: given the full desired set of the instance's tasks, makes sure each has a
 * runner, tells each what is wanted now, and forgets runners the control plane no longer lists
 * (it has recorded them STOPPED). Periodically removes what no task claims: containers of stopped
 * tasks after the cleanup wait, labelled containers of unknown tasks after the orphan grace.
 * {@link #apply} and {@link #sweep} are called from one thread; runner lookups from any.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final String cluster;
    private final String instanceId;
    private final ContainerRuntime runtime;
    private final AgentSettings settings;
    private final Clock clock;
    private final java.util.function.Consumer<Boolean> published;
    private final Map<String, TaskRunner> runners = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Map<String, Instant> stoppedAt = new HashMap<>();
    private final Map<String, Instant> orphanSince = new HashMap<>();
    private final Map<String, List<ContainerSummary>> leftBehind = new HashMap<>();
    private volatile boolean synced;

    /** @param published told of every observation change, and whether the task has settled (RUNNING, STOPPED) */
    public Reconciler(String cluster, String instanceId, ContainerRuntime runtime, AgentSettings settings, Clock clock,
                      java.util.function.Consumer<Boolean> published) {
        this.cluster = cluster;
        this.instanceId = instanceId;
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
        this.published = published;
    }

    public void apply(DesiredState desired) {
        if (!synced) {
            // Once, before the first runners: what an earlier agent process left, to adopt rather than recreate.
            for (ContainerSummary container : runtime.list(Map.of(Labels.INSTANCE, instanceId))) {
                leftBehind.computeIfAbsent(container.labels().getOrDefault(Labels.TASK, ""), t -> new ArrayList<>())
                        .add(container);
            }
        }
        Set<String> listed = new HashSet<>();
        for (TaskAssignment assignment : desired.tasks()) {
            listed.add(assignment.taskId());
            TaskRunner runner = runners.get(assignment.taskId());
            if (runner == null) {
                if (closed) {
                    continue; // the agent is closing: the next one starts it
                }
                List<ContainerSummary> found = leftBehind.remove(assignment.taskId());
                runner = new TaskRunner(cluster, instanceId, assignment, found == null ? List.of() : found, runtime, settings,
                        clock, published);
                runners.put(assignment.taskId(), runner);
                Thread.ofVirtual().name("berth-task-" + assignment.taskId()).start(runner);
            } else {
                runner.desire(assignment);
            }
        }
        for (TaskRunner runner : List.copyOf(runners.values())) {
            if (listed.contains(runner.taskId())) {
                continue;
            }
            if (runner.finished()) {
                runners.remove(runner.taskId());
                stoppedAt.put(runner.taskId(), clock.instant());
            } else {
                // Listed no more while it runs: the control plane recorded it STOPPED without us.
                TaskAssignment last = new TaskAssignment(runner.taskId(), null, "STOPPED", null,
                        "TaskFailedToStart", "The Berth control plane no longer lists this task.");
                runner.desire(last);
            }
        }
        synced = true;
    }

    /** Every runner's current observation, for the next report. */
    public List<TaskReport> observed() {
        List<TaskReport> reports = new ArrayList<>();
        runners.values().forEach(runner -> reports.add(runner.observed()));
        return reports;
    }

    /** Wakes the runner of a task (an engine event about one of its containers). */
    public void wake(String taskId) {
        TaskRunner runner = runners.get(taskId);
        if (runner != null) {
            runner.wake();
        }
    }

    /** Stops every task this agent runs (its instance was deregistered). */
    public void stopAll(String reason) {
        runners.values().forEach(runner -> runner.desire(new TaskAssignment(runner.taskId(), null, "STOPPED", null,
                "TerminationNotice", reason)));
    }

    public void sweep() {
        if (!synced) {
            return; // nothing is an orphan until the desired set is known
        }
        Instant now = clock.instant();
        Map<String, List<ContainerSummary>> byTask = new HashMap<>();
        for (ContainerSummary container : runtime.list(Map.of(Labels.INSTANCE, instanceId))) {
            byTask.computeIfAbsent(container.labels().getOrDefault(Labels.TASK, ""), t -> new ArrayList<>()).add(container);
        }
        for (Map.Entry<String, List<ContainerSummary>> task : byTask.entrySet()) {
            String taskId = task.getKey();
            if (runners.containsKey(taskId)) {
                continue;
            }
            Instant since = stoppedAt.containsKey(taskId) ? stoppedAt.get(taskId) : orphanSince.computeIfAbsent(taskId, t -> now);
            long waitedMillis = now.toEpochMilli() - since.toEpochMilli();
            long limit = (stoppedAt.containsKey(taskId) ? settings.cleanupWait() : settings.orphanGrace()).toMillis();
            if (waitedMillis >= limit) {
                remove(taskId, task.getValue());
            }
        }
        stoppedAt.keySet().removeIf(taskId -> !byTask.containsKey(taskId) && !runners.containsKey(taskId));
        orphanSince.keySet().retainAll(byTask.keySet());
    }

    private void remove(String taskId, List<ContainerSummary> containers) {
        try {
            for (ContainerSummary container : containers) {
                runtime.remove(container.id()); // forced: a running orphan is stopped by removal
            }
            for (String volume : runtime.volumes(Map.of(Labels.TASK, taskId, Labels.INSTANCE, instanceId))) {
                runtime.removeVolume(volume);
            }
            stoppedAt.remove(taskId);
            orphanSince.remove(taskId);
            LOG.info("removed {} container(s) of task {}, which no desired task claims", containers.size(), taskId);
        } catch (RuntimeFailure e) {
            LOG.warn("could not remove the containers of task {}: {}", taskId, e.getMessage());
        }
    }

    /**
     * The agent is closing: no new runner starts, every runner ends without touching its
     * containers (but one already stopping its task finishes that), and this waits until they
     * have, for at most {@code within}, so that none outlives the engine client.
     */
    void abandonAll(Duration within) {
        closed = true;
        runners.values().forEach(TaskRunner::abandon);
        long deadline = System.nanoTime() + within.toNanos();
        for (TaskRunner runner : runners.values()) {
            runner.abandon(); // again: one the poller added while this began
            while (!runner.finished() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
