package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerEvent;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerSpec;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.runtime.ContainerState.PublishedPort;
import dev.berth.agent.runtime.ContainerSummary;
import dev.berth.agent.runtime.EngineInfo;
import dev.berth.agent.runtime.NotFound;
import dev.berth.agent.runtime.RegistryLogin;
import dev.berth.agent.runtime.RuntimeFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A container engine in memory, for the agent's tests. Scripted by ECS container name (the
 * {@code berth.container} label): pulls and creations that fail, containers that exit right
 * after they start, health that changes when a test says so. It records what was pulled, created,
 * started and stopped, so tests assert on outcomes. Like Docker, it refuses a second container of
 * the same name. Thread-safe: the runner calls it from its thread while a test scripts it from its own.
 */
final class FakeContainerRuntime implements ContainerRuntime {
    private final TestClock clock;
    private final Set<String> images = new HashSet<>();
    private final Map<String, String> pullFailures = new HashMap<>();
    private final Map<String, String> createFailures = new HashMap<>();
    private final Map<String, Integer> exitOnStart = new HashMap<>();
    private final Map<String, String> healthOnStart = new HashMap<>();
    private final Map<String, Engined> containers = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
    private final List<String> pulled = new ArrayList<>();
    private final List<ContainerSpec> created = new ArrayList<>();
    private final List<String> started = new ArrayList<>();
    private final List<String> stopped = new ArrayList<>();
    private Duration pullTakes = Duration.ZERO;
    private int nextId;
    private int nextHostPort = 32768;

    /** One container as the engine holds it. */
    private static final class Engined {
        final String id;
        final ContainerSpec spec;
        boolean running;
        boolean everStarted;
        Integer exitCode;
        String health = "UNKNOWN";
        Instant startedAt;
        Instant finishedAt;
        List<PublishedPort> ports = List.of();

        Engined(String id, ContainerSpec spec) {
            this.id = id;
            this.spec = spec;
        }

        String ecsName() {
            return spec.labels().getOrDefault(Labels.CONTAINER, spec.name());
        }
    }

    FakeContainerRuntime(TestClock clock) {
        this.clock = clock;
    }

    // Scripting.

    synchronized void cached(String image) {
        images.add(image);
    }

    synchronized void failPulls(String image, String message) {
        pullFailures.put(image, message);
    }

    /** Each pull moves the clock on by this much. */
    synchronized void pullTakes(Duration duration) {
        pullTakes = duration;
    }

    synchronized void failCreate(String ecsName, String message) {
        createFailures.put(ecsName, message);
    }

    /** The container exits with this code as soon as it has started. */
    synchronized void exitOnStart(String ecsName, int code) {
        exitOnStart.put(ecsName, code);
    }

    /** The health the container has once started; by default HEALTHY with a health check, else UNKNOWN. */
    synchronized void healthOnStart(String ecsName, String health) {
        healthOnStart.put(ecsName, health);
    }

    synchronized void exit(String ecsName, int code) {
        Engined container = byName(ecsName);
        container.running = false;
        container.exitCode = code;
        container.finishedAt = clock.instant();
        container.ports = List.of();
    }

    synchronized void health(String ecsName, String health) {
        byName(ecsName).health = health;
    }

    /** A container that exists before the test starts (created by an earlier agent process), not recorded as created. */
    synchronized String existing(ContainerSpec spec, boolean running) {
        Engined container = new Engined("existing-" + (++nextId), spec);
        if (running) {
            container.running = true;
            container.everStarted = true;
            container.startedAt = clock.instant();
        }
        containers.put(container.id, container);
        return container.id;
    }

    // What happened.

    synchronized List<String> pulled() {
        return List.copyOf(pulled);
    }

    synchronized List<ContainerSpec> created() {
        return List.copyOf(created);
    }

    /** ECS names of the containers started, in order. */
    synchronized List<String> started() {
        return List.copyOf(started);
    }

    /** ECS names of the running containers a stop was asked for, in order. */
    synchronized List<String> stopped() {
        return List.copyOf(stopped);
    }

    synchronized boolean running(String ecsName) {
        return byName(ecsName).running;
    }

    synchronized boolean anyRunning() {
        return containers.values().stream().anyMatch(c -> c.running);
    }

    private Engined byName(String ecsName) {
        return containers.values().stream().filter(c -> c.ecsName().equals(ecsName)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + ecsName + " on the fake engine"));
    }

    private Engined byId(String id) {
        Engined container = containers.get(id);
        if (container == null) {
            throw new NotFound("No such container: " + id, null);
        }
        return container;
    }

    // The engine.

    @Override
    public EngineInfo info() {
        return new EngineInfo(4, 8L << 30, "fake-1.0", "x86_64", "linux");
    }

    @Override
    public synchronized boolean imageExists(String image) {
        return images.contains(image);
    }

    @Override
    public synchronized void pull(String image, Duration timeout, RegistryLogin login) {
        pulled.add(image);
        clock.advance(pullTakes);
        String failure = pullFailures.get(image);
        if (failure != null) {
            throw new RuntimeFailure(failure);
        }
        images.add(image);
    }

    @Override
    public synchronized String imageDigest(String image) {
        return images.contains(image) ? "sha256:" + Integer.toHexString(image.hashCode()) : null;
    }

    @Override
    public synchronized void importImage(String image, byte[] rootfsTar) {
        images.add(image);
    }

    @Override
    public synchronized String create(ContainerSpec spec) {
        String failure = createFailures.get(spec.labels().get(Labels.CONTAINER));
        if (failure != null) {
            throw new RuntimeFailure(failure);
        }
        if (containers.values().stream().anyMatch(c -> c.spec.name().equals(spec.name()))) {
            throw new RuntimeFailure("Conflict. The container name \"/" + spec.name() + "\" is already in use");
        }
        if (!images.contains(spec.image())) {
            throw new NotFound("No such image: " + spec.image(), null); // Docker answers 404
        }
        Engined container = new Engined("c" + (++nextId), spec);
        containers.put(container.id, container);
        created.add(spec);
        return container.id;
    }

    @Override
    public synchronized void start(String containerId) {
        Engined container = byId(containerId);
        if (container.running) {
            return;
        }
        container.running = true;
        container.everStarted = true;
        container.exitCode = null;
        container.startedAt = clock.instant();
        container.health = healthOnStart.getOrDefault(container.ecsName(),
                container.spec.healthCheck() == null ? "UNKNOWN" : "HEALTHY");
        List<PublishedPort> ports = new ArrayList<>();
        for (ContainerSpec.PortBinding port : container.spec.ports()) {
            ports.add(new PublishedPort(port.containerPort(), port.hostPort() == 0 ? nextHostPort++ : port.hostPort(),
                    port.protocol(), "0.0.0.0"));
        }
        container.ports = List.copyOf(ports);
        if (container.spec.labels().containsKey(Labels.CONTAINER)) {
            started.add(container.ecsName());
        }
        Integer exit = exitOnStart.get(container.ecsName());
        if (exit != null) {
            exit(container.ecsName(), exit);
        }
    }

    @Override
    public synchronized void stop(String containerId, Duration timeout) {
        Engined container = byId(containerId);
        if (container.running) {
            stopped.add(container.ecsName());
            exit(container.ecsName(), 143);
        }
    }

    @Override
    public synchronized void kill(String containerId) {
        Engined container = byId(containerId);
        if (container.running) {
            exit(container.ecsName(), 137);
        }
    }

    @Override
    public synchronized void remove(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public synchronized ContainerState inspect(String containerId) {
        Engined c = byId(containerId);
        return new ContainerState(c.id, c.running, c.everStarted, c.exitCode, false, null, c.health, c.startedAt, c.finishedAt,
                "sha256:" + Integer.toHexString(c.spec.image().hashCode()), c.running ? "172.17.0.2" : null,
                c.ports);
    }

    @Override
    public synchronized List<ContainerSummary> list(Map<String, String> labels) {
        return containers.values().stream().filter(c -> c.spec.labels().entrySet().containsAll(labels.entrySet()))
                .map(c -> new ContainerSummary(c.id, c.spec.name(), c.spec.labels(), c.running)).toList();
    }

    @Override
    public synchronized void createVolume(String name, String driver, Map<String, String> options, Map<String, String> labels) {
        volumes.put(name, Map.copyOf(labels));
    }

    @Override
    public synchronized boolean volumeExists(String name) {
        return volumes.containsKey(name);
    }

    @Override
    public synchronized void removeVolume(String name) {
        volumes.remove(name);
    }

    @Override
    public synchronized List<String> volumes(Map<String, String> labels) {
        return volumes.entrySet().stream().filter(v -> v.getValue().entrySet().containsAll(labels.entrySet()))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public AutoCloseable events(Map<String, String> labels, Consumer<ContainerEvent> listener) {
        return () -> {
        }; // tests wake the runner themselves
    }

    @Override
    public void close() {
    }
}
