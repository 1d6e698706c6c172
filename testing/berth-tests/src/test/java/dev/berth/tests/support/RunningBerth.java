package dev.berth.tests.support;

import dev.berth.agent.Agent;
import dev.berth.agent.core.AgentConfig;
import dev.berth.agent.core.AgentSettings;
import dev.berth.agent.core.RegistryCredentials;
import dev.berth.agent.runtime.docker.DockerRuntime;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.EcsSettings;
import dev.berth.server.BerthServer;
import dev.berth.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Berth booted in this JVM with the same wiring as {@code berth up}, on a free port and a fresh
 * data directory, on SQLite or on a PostgreSQL URL.
 */
public final class RunningBerth implements AutoCloseable {
    /** Timings short enough for tests: a 1 s heartbeat, 4 s until an agent counts as gone, 3 s more until its tasks do. */
    public static final EcsSettings FAST = new EcsSettings(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(3),
            Duration.ofHours(24));

    private final BerthServer server;
    private final Path dataDir;
    private DockerRuntime docker;
    private Agent agent;
    private final List<Agent> moreAgents = new ArrayList<>();
    private Map<String, String> agentAttributes = Map.of();
    private RegistryCredentials agentRegistries = RegistryCredentials.none();

    private RunningBerth(BerthServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Berth with one agent in this JVM on the local Docker Engine, as {@code berth up} runs it, with
     * fast timings and a 2 s default stop timeout; returns once the instance has registered.
     */
    public static RunningBerth withAgent() {
        return withAgent(FAST, Map.of());
    }

    /** The server alone, with these timings, for agents that run as processes of their own. */
    public static RunningBerth serverOnly(EcsSettings settings) {
        return start("", Map.of(), settings);
    }

    public static RunningBerth withAgent(EcsSettings settings, Map<String, String> attributes) {
        return withAgent(settings, attributes, RegistryCredentials.none());
    }

    public static RunningBerth withAgent(EcsSettings settings, Map<String, String> attributes, RegistryCredentials registries) {
        TestImages.busybox();
        RunningBerth berth = start("", Map.of(), settings);
        berth.startAgent(attributes, registries);
        return berth;
    }

    private void startAgent(Map<String, String> attributes, RegistryCredentials registries) {
        docker = DockerRuntime.connect(null);
        agentAttributes = attributes;
        agentRegistries = registries;
        agent = agent("agent", attributes, "ON_DEMAND", "local", registries);
    }

    /**
     * Stops the in-process agent, which leaves its containers running, and starts it again on the
     * same data directory: a host's agent restart. Returns once it has registered again.
     */
    public void restartAgent() {
        agent.close();
        agent = agent("agent", agentAttributes, "ON_DEMAND", "local", agentRegistries);
    }

    /**
     * Another agent in this JVM on the same Docker Engine, as a second host would run one: its own
     * container instance, attributes, capacity type and availability zone. Returns its instance id.
     */
    public String addAgent(Map<String, String> attributes, String capacityType, String availabilityZone) {
        Agent another = agent("agent-" + (moreAgents.size() + 2), attributes, capacityType, availabilityZone,
                RegistryCredentials.none());
        moreAgents.add(another);
        return another.containerInstanceId();
    }

    private Agent agent(String directory, Map<String, String> attributes, String capacityType, String availabilityZone,
                        RegistryCredentials registries) {
        AgentSettings defaults = AgentSettings.defaults();
        AgentConfig config = new AgentConfig(endpoint(), "default", dataDir.resolve(directory), attributes, capacityType,
                availabilityZone, 256, null, new AgentSettings(AgentSettings.PullBehavior.DEFAULT, defaults.pullTimeout(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30), registries));
        Agent started = new Agent(config, docker, Clock.systemUTC());
        started.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (started.containerInstanceId() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the in-process agent did not register within 30 s (is Docker running?)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return started;
    }

    /** The in-process agent's container instance id. */
    public String instanceId() {
        return agent.containerInstanceId();
    }

    public static RunningBerth onSqlite() {
        return start("", Map.of(), EcsSettings.defaults());
    }

    public static RunningBerth onStore(String storeUrl) {
        return start(storeUrl, Map.of(), EcsSettings.defaults());
    }

    public static RunningBerth withCredentials(Map<String, String> credentials) {
        return start("", credentials, EcsSettings.defaults());
    }

    private static RunningBerth start(String store, Map<String, String> credentials, EcsSettings ecs) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("berth-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir).withStore(store)
                .withCredentials(credentials).withEcs(ecs);
        BerthServer server = new BerthServer(config, Clock.systemUTC(), IdGenerator.random(), new java.security.SecureRandom());
        server.start();
        return new RunningBerth(server, dataDir);
    }

    public URI endpoint() {
        return URI.create(server.endpoint());
    }

    public BerthServer server() {
        return server;
    }

    @Override
    public void close() {
        List<Agent> agents = new ArrayList<>(moreAgents);
        if (agent != null) {
            agents.add(0, agent);
        }
        // Read before closing: a closed agent no longer knows its instance.
        List<String> instanceIds = agents.stream().map(Agent::containerInstanceId).filter(Objects::nonNull).toList();
        agents.forEach(Agent::close);
        if (docker != null) {
            docker.close();
        }
        server.close();
        instanceIds.forEach(id -> DockerCli.removeLabelled("berth.instance", id));
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is not worth failing a test over
        }
    }
}
