package dev.berth.dist;

import dev.berth.domain.id.IdGenerator;
import dev.berth.server.BerthServer;
import dev.berth.server.ServerConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import dev.berth.ecs.EcsSettings;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth up}: the whole of Berth in this process, on the embedded store unless told otherwise. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Runs Berth in this process: every API on one port, data in --data-dir.")
final class UpCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port for every API (default: ${DEFAULT-VALUE}).", defaultValue = "7700")
    int port;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--data-dir", description = "Where Berth keeps its data (default: ${DEFAULT-VALUE}).",
            defaultValue = ".berth")
    Path dataDir;

    @Option(names = "--store", description = "'sqlite' (the default: a file in --data-dir) or a PostgreSQL JDBC URL, "
            + "e.g. jdbc:postgresql://db:5432/berth?user=berth&password=...", defaultValue = "sqlite")
    String store;

    @Option(names = "--no-agent", description = "Serve the APIs only; run no agent on this host's Docker Engine.")
    boolean noAgent;

    @Option(names = "--agent-timeout", defaultValue = "30",
            description = "Seconds without a heartbeat after which an instance's agent counts as disconnected (default: ${DEFAULT-VALUE}).")
    int agentTimeoutSeconds;

    @Option(names = "--agent-grace", defaultValue = "120",
            description = "Further seconds after which a disconnected instance's tasks are recorded STOPPED (default: ${DEFAULT-VALUE}).")
    int agentGraceSeconds;

    @Option(names = "--task-retention", defaultValue = "24",
            description = "Hours stopped tasks stay describable (default: ${DEFAULT-VALUE}; ECS keeps about one).")
    int taskRetentionHours;

    @Mixin
    AgentOptions agentOptions;

    @Option(names = "--credentials", paramLabel = "ACCESS_KEY:SECRET",
            description = "Turns SigV4 verification on, accepting these keys (repeatable). Without it any credentials work.")
    List<String> credentials = List.of();

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        EcsSettings ecsDefaults = EcsSettings.defaults();
        ServerConfig config = ServerConfig.defaults().withPort(port).withHost(host).withDataDir(dataDir).withStore(store)
                .withCredentials(parseCredentials(credentials))
                .withEcs(new EcsSettings(ecsDefaults.heartbeat(), Duration.ofSeconds(agentTimeoutSeconds),
                        Duration.ofSeconds(agentGraceSeconds), Duration.ofHours(taskRetentionHours)));
        BerthServer server = new BerthServer(config, Clock.systemUTC(), IdGenerator.random(), new java.security.SecureRandom());
        CountDownLatch stopped = new CountDownLatch(1);
        LocalAgent agent = new LocalAgent();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("berth: stopping ...");
            agent.close();
            server.close();
            out.println("berth: stopped");
            stopped.countDown();
        }, "berth-shutdown"));
        try {
            server.start();
        } catch (RuntimeException e) {
            System.err.println("berth: cannot start: " + e.getMessage());
            return 1;
        }
        long readyMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        String agentLine = noAgent ? "no agent (--no-agent)" : agent.start(server, dataDir, agentOptions);
        String endpoint = server.endpoint();
        out.printf("""
                berth: ready in %d ms — every API on %s (store: %s%s)
                       %s

                  Try it with the AWS CLI (any credentials work%s):
                    aws ecs list-clusters --endpoint-url %s --region us-east-1
                    aws ecs register-task-definition --endpoint-url %s \\
                        --family web --container-definitions '[{"name":"web","image":"busybox","memory":64}]'

                  Health: %s/health   Metrics: %s/metrics   Stop: Ctrl-C
                %n""", readyMillis, endpoint, dev.berth.store.Stores.describe(config.store(), config.dataDir()),
                config.authEnabled() ? ", SigV4 verified" : "", agentLine,
                config.authEnabled() ? " only with the configured keys" : " while auth is off",
                endpoint, endpoint, endpoint, endpoint);
        out.flush();
        stopped.await();
        return 0;
    }

    private static Map<String, String> parseCredentials(List<String> values) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String value : values) {
            int colon = value.indexOf(':');
            if (colon < 1 || colon == value.length() - 1) {
                throw new IllegalArgumentException("--credentials must be ACCESS_KEY:SECRET; got '" + value + "'");
            }
            keys.put(value.substring(0, colon), value.substring(colon + 1));
        }
        return keys;
    }
}
