package dev.berth.dist;

import dev.berth.agent.Agent;
import dev.berth.agent.core.AgentConfig;
import dev.berth.agent.runtime.docker.DockerRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth agent}: joins this host's Docker Engine to a cluster as a container instance. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Runs the node agent: registers this host with a Berth server and runs its tasks on Docker.")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, description = "The Berth server, e.g. http://10.0.0.5:7700.")
    URI server;

    @Option(names = "--cluster", defaultValue = "default", description = "The cluster to join (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--attribute", paramLabel = "NAME=VALUE", description = "A custom attribute of this instance (repeatable).")
    List<String> attributes = List.of();

    @Option(names = "--capacity-type", defaultValue = "ON_DEMAND", description = "ON_DEMAND or SPOT (default: ${DEFAULT-VALUE}).")
    String capacityType;

    @Option(names = "--data-dir", defaultValue = ".berth-agent",
            description = "Where the agent keeps its registration (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Mixin
    AgentOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String attribute : attributes) {
            int equals = attribute.indexOf('=');
            parsed.put(equals < 0 ? attribute : attribute.substring(0, equals), equals < 0 ? "" : attribute.substring(equals + 1));
        }
        AgentConfig config = new AgentConfig(server, cluster, dataDir, parsed, capacityType, options.availabilityZone,
                options.reservedMemory, options.dockerHost, options.settings());
        DockerRuntime docker = DockerRuntime.connect(options.dockerHost);
        Agent agent = new Agent(config, docker, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close(); // tasks keep running: a restarted agent adopts them
            docker.close();
            stopped.countDown();
        }, "berth-agent-shutdown"));
        agent.start();
        System.out.println("berth agent: joining cluster " + cluster + " at " + server + "; data in " + dataDir);
        stopped.await();
        return 0;
    }
}
