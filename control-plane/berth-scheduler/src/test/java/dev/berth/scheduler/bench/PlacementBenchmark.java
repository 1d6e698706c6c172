package dev.berth.scheduler.bench;

import dev.berth.scheduler.Placement;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.Scheduler;
import dev.berth.scheduler.Strategy;
import dev.berth.scheduler.TaskDemand;
import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Placing 100,000 tasks on a 10,000-instance cluster, one request after another, each request
 * placed on the snapshot the previous one left ({@link Placement#instancesAfter()}). One
 * operation is one placed task, so JMH's ops/s is placements per second.
 *
 * <p>The cluster: three zones, three instance sizes with memory varied per instance (so binpack
 * sees thousands of distinct keys, not three), two ports reserved by the agent. The requests:
 * twenty services, tasks of 128 CPU units and 256–640 MiB. Every run places all 100,000 (checked
 * in {@link #check()}), so the numbers measure placements, not failures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PlacementBenchmark {
    static final int INSTANCES = 10_000;
    static final int TASKS = 100_000;

    /** random: no strategy (ECS's default); spread: zone then instance; binpack: memory. */
    @Param({"random", "spread", "binpack"})
    public String strategy;

    /** Copies per request: 100 (1,000 requests) by default; 1 shows the per-request cost. */
    @Param({"100"})
    public int copiesPerRequest;

    private List<Instance> cluster;
    private List<PlacementRequest> requests;

    @Setup
    public void setUp() {
        Random random = new Random(2026);
        List<String> zones = List.of("us-east-1a", "us-east-1b", "us-east-1c");
        List<String> types = List.of("m5.large", "m5.xlarge", "m5.2xlarge");
        List<Instance> instances = new ArrayList<>(INSTANCES);
        for (int i = 0; i < INSTANCES; i++) {
            int size = random.nextInt(3);
            Map<String, String> attributes = Map.of(
                    "ecs.availability-zone", zones.get(i % zones.size()),
                    "ecs.instance-type", types.get(size),
                    "ecs.os-type", "linux",
                    "ecs.cpu-architecture", "x86_64");
            Map<String, String> fields = Map.of(
                    "ec2InstanceId", "i-%017x".formatted(i),
                    "registeredAt", "2026-01-01T00:00:00Z",
                    "runningTasksCount", "0",
                    "pendingTasksCount", "0",
                    "agentConnected", "true",
                    "agentVersion", "1.90.0",
                    "status", "ACTIVE");
            int cpu = 2048 << size;
            int memory = (7680 << size) - random.nextInt(1024);
            instances.add(new Instance("ci-" + i, attributes, fields, cpu, memory,
                    Set.of(Port.tcp(22), Port.tcp(51678)), Map.of()));
        }
        cluster = List.copyOf(instances);

        List<Strategy> strategies = switch (strategy) {
            case "random" -> List.of();
            case "spread" -> List.of(Strategy.spread("attribute:ecs.availability-zone"), Strategy.spread("instanceId"));
            case "binpack" -> List.of(Strategy.binpack(Strategy.Resource.MEMORY));
            default -> throw new IllegalArgumentException("unknown strategy " + strategy);
        };
        requests = new ArrayList<>();
        for (int r = 0; r < TASKS / copiesPerRequest; r++) {
            TaskDemand task = TaskDemand.of("service:svc-" + (r % 20), 128, 256 + 128 * (r % 4));
            requests.add(new PlacementRequest(task, copiesPerRequest, strategies, List.of()));
        }
        check();
    }

    /** Refuses to measure a run in which some copy could not be placed. */
    private void check() {
        int placed = placeAll();
        if (placed != TASKS) {
            throw new IllegalStateException("only " + placed + " of " + TASKS + " tasks placed with " + strategy);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public int placeAll() {
        List<Instance> snapshot = cluster;
        int placed = 0;
        long seed = 1;
        for (PlacementRequest request : requests) {
            Placement placement = Scheduler.place(snapshot, request, seed++);
            placed += placement.placedCount();
            snapshot = placement.instancesAfter();
        }
        return placed;
    }
}
