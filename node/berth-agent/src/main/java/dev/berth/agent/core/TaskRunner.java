package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.runtime.ContainerSummary;
import dev.berth.agent.runtime.NotFound;
import dev.berth.agent.runtime.RegistryLogin;
import dev.berth.agent.runtime.RuntimeFailure;
import dev.berth.node.protocol.ContainerReport;
import dev.berth.node.protocol.TaskAssignment;
import dev.berth.node.protocol.TaskReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task, from what is desired to STOPPED, on a virtual thread of its own:
 *
 * <pre>
 * PENDING (pull) → ACTIVATING (sandbox, volumes, create, start in dependsOn order) → RUNNING
 *   → (stop desired, an essential container exits, or a step fails)
 *   → DEACTIVATING → STOPPING (stop dependents first) → DEPROVISIONING (sandbox) → STOPPED
 * </pre>
 *
 * The runner is the only writer of the task's observed state, which it publishes as an immutable
 * {@link TaskReport}. It wakes on a change of what is desired, an engine event about its
 * containers, or a periodic tick, and each time re-reads the engine: it acts on what is, so it can
 * adopt containers an earlier agent process created and never creates a container twice.
 * Containers stay after STOPPED for inspection; the {@link Reconciler} removes them later.
 */
final class TaskRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final Duration TICK = Duration.ofSeconds(5);
    private static final Duration STARTING_TICK = Duration.ofMillis(250);

    private final String cluster;
    private final String instanceId;
    private final String taskId;
    private final ContainerRuntime runtime;
    private final AgentSettings settings;
    private final Clock clock;
    private final java.util.function.Consumer<Boolean> published;
    private final Semaphore wake = new Semaphore(0);
    private volatile TaskAssignment desired;
    private volatile TaskReport observed;
    private volatile boolean finished;
    /** The agent is closing: leave the containers as they are, as a killed agent would, and touch nothing more. */
    private volatile boolean abandoned;

    // Owned by the runner's thread.
    private TaskPlan plan;
    private final Map<String, String> containerIds = new LinkedHashMap<>();
    private final Map<String, ContainerState> states = new HashMap<>();
    private final Map<String, String> reasons = new HashMap<>();
    private final Map<String, String> digests = new HashMap<>();
    private final Set<String> started = new LinkedHashSet<>();
    private String sandboxId;
    private String lastStatus = "PENDING";
    private Long pullStartedAt;
    private Long pullStoppedAt;
    private Long startedAt;
    private Long executionStoppedAt;
    private Long stoppedAt;
    private String stopCode;
    private String stoppedReason;
    private String privateIp;

    private final List<ContainerSummary> found;

    /**
     * @param found what the engine already holds for this task, labelled by an earlier agent process
     *     (empty for a task this process starts)
     */
    TaskRunner(String cluster, String instanceId, TaskAssignment assignment, List<ContainerSummary> found,
               ContainerRuntime runtime, AgentSettings settings, Clock clock,
               java.util.function.Consumer<Boolean> published) {
        this.found = List.copyOf(found);
        this.cluster = cluster;
        this.instanceId = instanceId;
        this.taskId = assignment.taskId();
        this.desired = assignment;
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
        this.published = published;
        this.observed = report();
    }

    String taskId() {
        return taskId;
    }

    /** What the control plane wants now; the runner acts on it at its next wake. */
    void desire(TaskAssignment assignment) {
        desired = assignment;
        wake();
    }

    void wake() {
        wake.release();
    }

    /** The agent is going away: end without stopping anything; the next agent adopts the containers. */
    void abandon() {
        if (stopWanted()) {
            return; // a stop the control plane asked for is finished first: no later agent may adopt the task
        }
        abandoned = true;
        wake();
    }

    TaskReport observed() {
        return observed;
    }

    boolean finished() {
        return finished;
    }

    @Override
    public void run() {
        try {
            plan = TaskPlans.plan(cluster, instanceId, taskId, desired.definition(), settings.stopTimeout());
            adopt();
            if (!stopWanted()) {
                if (containerIds.isEmpty()) {
                    pull();
                }
                activate();
                startInOrder();
                markRunning();
                monitor();
            }
            if (abandoned) {
                return;
            }
            stop(desired.stopCode() == null ? "UserInitiated" : desired.stopCode(),
                    desired.stoppedReason() == null ? "Task stopped by user" : desired.stoppedReason());
        } catch (Abandoned abandonedNow) {
            return; // the agent is closing; the containers stay as they are
        } catch (TaskFailure failure) {
            if (failure.container() != null) {
                reasons.putIfAbsent(failure.container(), failure.getMessage());
            }
            stop(failure.stopCode(), failure.getMessage());
        } catch (ContainerPlans.UnsupportedVolume e) {
            stop("TaskFailedToStart", "ResourceInitializationError: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            if (abandoned) {
                LOG.debug("task {}: left as it is, the agent is closing ({})", taskId, e.toString());
                return;
            }
            LOG.error("task {}: the agent failed running it", taskId, e);
            stop("TaskFailedToStart", "ResourceInitializationError: the Berth agent failed: " + e);
        } finally {
            finished = true;
            publish();
        }
    }

    /** Takes over what an earlier agent process created for this task (found by label). */
    private void adopt() {
        for (ContainerSummary container : found) {
            if (Labels.SANDBOX.equals(container.labels().get(Labels.ROLE))) {
                sandboxId = container.id();
            } else if (container.labels().containsKey(Labels.CONTAINER)) {
                containerIds.put(container.labels().get(Labels.CONTAINER), container.id());
            }
        }
        if (!containerIds.isEmpty()) {
            refresh();
            containerIds.keySet().stream().filter(name -> states.get(name) != null && states.get(name).everStarted())
                    .forEach(started::add);
            LOG.info("task {}: adopted {} container(s) found on the engine", taskId, containerIds.size());
        }
    }

    private void pull() {
        lastStatus = "PENDING";
        pullStartedAt = now();
        publish();
        Set<String> images = new LinkedHashSet<>();
        plan.containers().forEach(container -> images.add(container.spec().image()));
        for (TaskPlan.ContainerPlan container : plan.containers()) {
            String image = container.spec().image();
            if (!images.remove(image)) {
                continue; // pulled already for another container
            }
            try {
                pull(image);
            } catch (RuntimeFailure e) {
                plan.containers().stream().filter(c -> c.spec().image().equals(image))
                        .forEach(c -> reasons.put(c.name(), "CannotPullContainerError: " + e.getMessage()));
                throw new TaskFailure("TaskFailedToStart", "CannotPullContainerError: " + e.getMessage(), container.name());
            }
        }
        pullStoppedAt = now();
    }

    private void pull(String image) {
        checkAbandoned();
        switch (settings.pullBehavior()) {
            case ONCE, PREFER_CACHED -> {
                // Nothing to do now: creating the container finds out whether the image is there (see create).
            }
            case ALWAYS -> runtime.pull(image, settings.pullTimeout(), login(image));
            case DEFAULT -> {
                boolean cached = runtime.imageExists(image);
                try {
                    runtime.pull(image, settings.pullTimeout(), login(image));
                } catch (RuntimeFailure e) {
                    if (!cached) {
                        throw e;
                    }
                    LOG.info("task {}: pulling {} failed ({}); running the cached image", taskId, image, e.getMessage());
                }
            }
            default -> throw new IllegalStateException("pull behaviour " + settings.pullBehavior());
        }
    }

    /** The sandbox, the volumes and the containers: whatever of them does not exist yet. */
    private void activate() {
        checkAbandoned();
        lastStatus = "ACTIVATING";
        publish();
        try {
            if (plan.awsvpc() && sandboxId == null) {
                SandboxImage.ensure(runtime);
                sandboxId = runtime.create(plan.sandbox());
            }
            if (sandboxId != null) {
                runtime.start(sandboxId);
                privateIp = runtime.inspect(sandboxId).ipAddress();
            }
            for (TaskPlan.VolumePlan volume : plan.volumes()) {
                boolean exists = runtime.volumeExists(volume.dockerName());
                if (!exists && volume.mustExist()) {
                    throw new TaskFailure("TaskFailedToStart", "ResourceInitializationError: Docker volume "
                            + volume.dockerName() + " does not exist and autoprovision is off", null);
                }
                if (!exists && volume.create()) {
                    runtime.createVolume(volume.dockerName(), volume.driver(), volume.options(), volume.labels());
                }
            }
        } catch (RuntimeFailure e) {
            throw new TaskFailure("TaskFailedToStart", "ResourceInitializationError: " + e.getMessage(), null);
        }
        for (TaskPlan.ContainerPlan container : plan.containers()) {
            if (!containerIds.containsKey(container.name())) {
                try {
                    containerIds.put(container.name(), create(container));
                } catch (RuntimeFailure e) {
                    throw new TaskFailure("TaskFailedToStart", "CannotCreateContainerError: " + e.getMessage(),
                            container.name());
                }
            }
        }
    }

    /**
     * With ONCE and PREFER_CACHED the image is pulled only when the engine lacks it: the create
     * says so, and is tried again after the pull. One engine call less on the usual path.
     */
    private String create(TaskPlan.ContainerPlan container) {
        try {
            return runtime.create(container.spec());
        } catch (NotFound missingImage) {
            boolean pullsIfMissing = settings.pullBehavior() == AgentSettings.PullBehavior.ONCE
                    || settings.pullBehavior() == AgentSettings.PullBehavior.PREFER_CACHED;
            if (!pullsIfMissing) {
                throw missingImage;
            }
            try {
                runtime.pull(container.spec().image(), settings.pullTimeout(), login(container.spec().image()));
            } catch (RuntimeFailure e) {
                reasons.put(container.name(), "CannotPullContainerError: " + e.getMessage());
                throw new TaskFailure("TaskFailedToStart", "CannotPullContainerError: " + e.getMessage(), container.name());
            }
            pullStoppedAt = now();
            return runtime.create(container.spec());
        }
    }

    /**
     * Starts each container once its dependencies allow, failing when one never can or waits past
     * its startTimeout. The engine is asked again only after a wait: right after creating, nothing
     * has changed that a start needs to know.
     */
    private void startInOrder() {
        Instant waitingSince = clock.instant();
        boolean first = true;
        while (started.size() < plan.containers().size()) {
            checkAbandoned();
            if (!first) {
                refresh();
            }
            first = false;
            if (stopWanted()) {
                return;
            }
            checkEssentialExits();
            boolean progress = false;
            for (TaskPlan.ContainerPlan container : plan.containers()) {
                if (started.contains(container.name())) {
                    continue;
                }
                switch (Dependencies.check(container, states, started)) {
                    case Dependencies.Verdict.Ready ready -> {
                        startContainer(container);
                        progress = true;
                    }
                    case Dependencies.Verdict.Impossible impossible -> throw new TaskFailure("TaskFailedToStart",
                            "CannotStartContainerError: " + impossible.reason(), container.name());
                    case Dependencies.Verdict.Waiting waiting -> {
                        if (Duration.between(waitingSince, clock.instant()).compareTo(container.startTimeout()) > 0) {
                            throw new TaskFailure("TaskFailedToStart", "CannotStartContainerError: " + container.name()
                                    + " waited " + container.startTimeout().toSeconds() + " s (its startTimeout) for "
                                    + waiting.on(), container.name());
                        }
                    }
                }
            }
            if (progress) {
                publish();
            } else {
                sleep(STARTING_TICK);
            }
        }
    }

    private RegistryLogin login(String image) {
        return settings.registryCredentials().forImage(image).orElse(null);
    }

    private void startContainer(TaskPlan.ContainerPlan container) {
        try {
            String id = containerIds.get(container.name());
            runtime.start(id);
            started.add(container.name());
            // What the start itself says, until the engine is next asked.
            states.put(container.name(), new ContainerState(id, true, true, null, false, null, "UNKNOWN",
                    clock.instant(), null, null, null, List.of()));
        } catch (RuntimeFailure e) {
            throw new TaskFailure("TaskFailedToStart", "CannotStartContainerError: " + e.getMessage(), container.name());
        }
    }

    private void markRunning() {
        checkAbandoned();
        if (stopWanted()) {
            return;
        }
        // Only published ports need the engine asked again before RUNNING is reported; anything
        // else a start changes (an early exit, health) arrives with the next engine event or tick.
        if (plan.containers().stream().anyMatch(container -> !container.spec().ports().isEmpty())) {
            refresh();
        }
        checkEssentialExits();
        lastStatus = "RUNNING";
        startedAt = states.values().stream().map(ContainerState::startedAt).filter(Objects::nonNull)
                .map(Instant::toEpochMilli).max(Long::compare).orElse(now());
        publish();
    }

    private void monitor() {
        while (!stopWanted() && !abandoned) {
            sleep(TICK);
            refresh();
            checkEssentialExits();
            publish();
        }
    }

    private void checkEssentialExits() {
        for (TaskPlan.ContainerPlan container : plan.containers()) {
            ContainerState state = states.get(container.name());
            if (container.essential() && state != null && state.exited() && started.contains(container.name())) {
                throw new TaskFailure("EssentialContainerExited", "Essential container in task exited", null);
            }
        }
    }

    private void stop(String code, String reason) {
        if (abandoned) {
            return;
        }
        if (stopCode == null) {
            stopCode = code;
            stoppedReason = reason;
        }
        if (plan == null) {
            finishStopped();
            return;
        }
        lastStatus = "DEACTIVATING";
        publish();
        lastStatus = "STOPPING";
        publish();
        for (TaskPlan.ContainerPlan container : Dependencies.stopOrder(plan.containers())) {
            String id = containerIds.get(container.name());
            ContainerState state = states.get(container.name());
            if (id != null && state != null && state.running()) {
                try {
                    runtime.stop(id, container.stopTimeout());
                } catch (RuntimeFailure e) {
                    LOG.warn("task {}: stopping {} failed: {}", taskId, container.name(), e.getMessage());
                }
            }
        }
        refresh();
        executionStoppedAt = now();
        lastStatus = "DEPROVISIONING";
        publish();
        if (sandboxId != null) {
            try {
                runtime.kill(sandboxId);
            } catch (RuntimeFailure e) {
                LOG.warn("task {}: stopping its sandbox failed: {}", taskId, e.getMessage());
            }
        }
        finishStopped();
    }

    private void finishStopped() {
        lastStatus = "STOPPED";
        if (executionStoppedAt == null) {
            executionStoppedAt = now();
        }
        stoppedAt = now();
    }

    /** Ends the runner at its next step once the agent has abandoned it: no engine call after that. */
    private void checkAbandoned() {
        if (abandoned) {
            throw new Abandoned();
        }
    }

    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private boolean stopWanted() {
        return "STOPPED".equals(desired.desiredStatus());
    }

    private void refresh() {
        checkAbandoned();
        for (Map.Entry<String, String> container : containerIds.entrySet()) {
            try {
                states.put(container.getKey(), runtime.inspect(container.getValue()));
            } catch (NotFound gone) {
                reasons.putIfAbsent(container.getKey(), "The container was removed outside Berth.");
                states.put(container.getKey(), new ContainerState(container.getValue(), false, true, null, false, null,
                        "UNKNOWN", null, null, null, null, List.of()));
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            wake.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
            wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("TaskFailedToStart", "ResourceInitializationError: the agent is shutting down", null);
        }
    }

    private long now() {
        return clock.millis();
    }

    private void publish() {
        if (abandoned) {
            return; // nobody is listening, and the report may need the engine
        }
        TaskReport report = report();
        if (!report.equals(observed)) {
            observed = report;
            published.accept(lastStatus.equals("RUNNING") || lastStatus.equals("STOPPED"));
        }
    }

    private TaskReport report() {
        List<ContainerReport> containers = new ArrayList<>();
        if (plan != null) {
            for (TaskPlan.ContainerPlan container : plan.containers()) {
                containers.add(ContainerReports.of(container, states.get(container.name()), containerIds.get(container.name()),
                        reasons.get(container.name()), digest(container.spec().image()), plan.awsvpc(),
                        "STOPPED".equals(lastStatus)));
            }
        }
        return new TaskReport(taskId, lastStatus, pullStartedAt, pullStoppedAt, startedAt, executionStoppedAt, stoppedAt,
                stopCode, stoppedReason, privateIp, containers);
    }

    private String digest(String image) {
        if (plan == null || !containerIds.values().stream().findAny().isPresent()) {
            return null;
        }
        return digests.computeIfAbsent(image, name -> {
            try {
                return runtime.imageDigest(name);
            } catch (RuntimeFailure e) {
                return null;
            }
        });
    }
}
