package dev.berth.agent.core;

import dev.berth.agent.client.Registration;
import dev.berth.agent.client.AgentChannel;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.EngineInfo;
import dev.berth.node.protocol.DesiredState;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.RegisterResponse;
import dev.berth.agent.runtime.RegistryLogin;
import dev.berth.node.protocol.RegistryAccess;
import java.io.IOException;
import java.net.URI;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's threads: one registers (or resumes) and long-polls for the desired tasks, one
 * reports, one removes what no task claims; engine events wake the runners. Each retries with
 * backoff, so a restarted server or a short network loss costs nothing but time, and nothing
 * here ever stops a running container on its own account.
 */
public final class AgentLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);
    private static final String VERSION = "berth-agent/0.1";
    private static final Duration POLL_WAIT = Duration.ofSeconds(20);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(15);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How long closing waits for task runners to let go of the engine (a stop in progress may take its stopTimeout). */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(10);

    private final AgentConfig config;
    private final ContainerRuntime runtime;
    private final AgentChannel client;
    private final Clock clock;
    private volatile boolean stopping;
    private volatile String instanceId;
    private Thread poller;
    private Thread sweeper;
    private Thread reporterThread;
    private Reporter reporter;
    private Reconciler reconciler;
    private AutoCloseable events;

    public AgentLoop(AgentConfig config, ContainerRuntime runtime, AgentChannel client, Clock clock) {
        this.config = config;
        this.runtime = runtime;
        this.client = client;
        this.clock = clock;
    }

    public String containerInstanceId() {
        return instanceId;
    }

    public void start() {
        poller = Thread.ofVirtual().name("berth-agent-poll").start(this::run);
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        long after = 0;
        while (!stopping) {
            try {
                if (reconciler == null) {
                    join();
                    after = 0;
                }
                DesiredState desired = client.desired(after, POLL_WAIT);
                after = desired.index();
                reconciler.apply(desired);
                if ("INACTIVE".equals(desired.instanceStatus())) {
                    LOG.warn("container instance {} was deregistered: stopping its tasks; the agent stops following it",
                            instanceId);
                    reconciler.stopAll("Container instance " + instanceId + " was deregistered.");
                    return;
                }
                backoff = Duration.ofMillis(200);
            } catch (AgentChannel.Unauthorized e) {
                LOG.warn("the server no longer accepts this instance's token ({}); registering again", e.getMessage());
                forget();
            } catch (IOException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warn("cannot reach the Berth server at {} ({}); retrying in {} ms", config.server(), e.getMessage(),
                        backoff.toMillis());
                if (!sleep(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Registers (resuming the saved instance when there is one) and starts the threads that need an instance. */
    private void join() throws IOException, InterruptedException {
        EngineInfo engine = runtime.info();
        Registration saved = Registration.load(config.dataDir())
                .filter(r -> r.server().equals(config.server().toString()) && r.cluster().equals(config.cluster()))
                .orElse(null);
        Map<String, String> attributes = new LinkedHashMap<>(Capabilities.attributes(engine.architecture(),
                config.availabilityZone()));
        // Load balancers reach this host's published ports at this address, unless the operator says otherwise.
        attributes.put(HostFacts.ADDRESS_ATTRIBUTE, HostFacts.addressTowards(config.server()));
        attributes.putAll(config.attributes());
        long memoryMiB = engine.memoryBytes() / (1024 * 1024) - config.reservedMemoryMiB();
        RegisterResponse registered = client.register(new RegisterRequest(config.cluster(),
                saved == null ? null : saved.containerInstanceId(), hostname(), engine.cpus() * 1024,
                (int) Math.max(0, memoryMiB), HostFacts.reservedTcpPorts(), HostFacts.reservedUdpPorts(), attributes,
                VERSION, engine.version(), config.capacityType()));
        client.useToken(registered.token());
        new Registration(config.server().toString(), registered.cluster(), registered.containerInstanceId(),
                registered.token()).save(config.dataDir());
        instanceId = registered.containerInstanceId();
        LOG.info("registered as container instance {} in cluster {} ({} CPU units, {} MiB)", instanceId,
                registered.cluster(), engine.cpus() * 1024, memoryMiB);
        // The reconciler tells the reporter of changes; the reporter reads the reconciler's runners.
        Reporter[] reporterRef = new Reporter[1];
        // Images in the server's own registry are pulled with this instance's token (docs/agent-protocol.md).
        URI server = config.server();
        String registryHost = server.getHost() + ":" + (server.getPort() > 0 ? server.getPort()
                : "https".equals(server.getScheme()) ? 443 : 80);
        AgentSettings settings = config.settings().withRegistryCredentials(config.settings().registryCredentials()
                .orElseWith(new RegistryLogin(registryHost, RegistryAccess.AGENT_USERNAME, registered.token())));
        reconciler = new Reconciler(registered.cluster(), instanceId, runtime, settings, clock,
                settledNow -> reporterRef[0].changed(settledNow));
        reporter = new Reporter(reconciler, client, Duration.ofSeconds(registered.heartbeatSeconds()));
        reporterRef[0] = reporter;
        reporterThread = Thread.ofVirtual().name("berth-agent-report").start(reporter);
        sweeper = Thread.ofVirtual().name("berth-agent-sweep").start(this::sweepLoop);
        events = runtime.events(Map.of(Labels.INSTANCE, instanceId), event -> {
            String task = event.labels().get(Labels.TASK);
            if (task != null) {
                reconciler.wake(task);
            }
        });
    }

    private void forget() {
        Reconciler current = reconciler;
        if (current != null) {
            current.abandonAll(ABANDON_WAIT); // the next registration's runners adopt the containers
        }
        closeThreads();
        reconciler = null;
    }

    private void sweepLoop() {
        while (!stopping && sleep(SWEEP_INTERVAL)) {
            try {
                Reconciler current = reconciler;
                if (current != null) {
                    current.sweep();
                }
            } catch (RuntimeException e) {
                LOG.warn("cleanup of unclaimed containers failed: {}", e.getMessage());
            }
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeThreads() {
        if (reporter != null) {
            reporter.stop();
        }
        if (sweeper != null) {
            sweeper.interrupt();
        }
        if (events != null) {
            try {
                events.close();
            } catch (Exception ignored) {
                // the subscription is gone either way
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        Reconciler current = reconciler;
        if (current != null) {
            current.abandonAll(ABANDON_WAIT);
        }
        closeThreads();
        if (poller != null) {
            poller.interrupt();
        }
    }
}
