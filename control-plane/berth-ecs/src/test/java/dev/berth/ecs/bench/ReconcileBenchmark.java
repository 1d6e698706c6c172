package dev.berth.ecs.bench;

import dev.berth.ecs.EcsFixture;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.ecs.service.rollout.Decision;
import dev.berth.ecs.service.rollout.Deployment;
import dev.berth.ecs.service.rollout.InstanceView;
import dev.berth.ecs.service.rollout.Reconciler;
import dev.berth.ecs.service.rollout.RolloutState;
import dev.berth.ecs.service.rollout.ServiceSpec;
import dev.berth.ecs.service.rollout.ServiceState;
import dev.berth.ecs.service.rollout.TaskView;
import dev.berth.ecs.service.rollout.TaskView.Health;
import dev.berth.ecs.service.rollout.TaskView.Phase;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.TaskReport;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One full pass of the service scheduler over 1,000 services of 10 tasks each, two ways:
 * {@code decide} is the pure reconciler alone (half the services settled, half in the middle of a
 * rolling update), {@code controllerPass} is the service controller's real pass over a SQLite
 * store holding those services and their 10,000 tasks, all settled: the pass that runs every
 * second, and after every store change, for as long as nothing happens. Run by bench/services.sh.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReconcileBenchmark {
    static final int SERVICES = 1_000;
    static final int TASKS = 10;
    static final int INSTANCES = 10;
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /** The reconciler's inputs for every service, built once. */
    @State(Scope.Benchmark)
    public static class Inputs {
        final List<ServiceSpec> specs = new ArrayList<>();
        final List<ServiceState> states = new ArrayList<>();
        final List<List<TaskView>> tasks = new ArrayList<>();
        final Map<String, InstanceView> instances = new LinkedHashMap<>();

        @Setup(Level.Trial)
        public void build() {
            for (int i = 0; i < INSTANCES; i++) {
                instances.put("i" + i, new InstanceView("i" + i, "ACTIVE", true, true));
            }
            Instant then = NOW.minusSeconds(600);
            for (int s = 0; s < SERVICES; s++) {
                specs.add(new ServiceSpec("svc-" + s, false, TASKS, 100, 200, true, true, Duration.ZERO, false));
                Deployment old = new Deployment("ecs-svc/old" + s, "web:1", List.of(), RolloutState.COMPLETED,
                        "ECS deployment ecs-svc/old" + s + " completed.", 0, TASKS, TASKS, 0, then, then);
                List<TaskView> mine = new ArrayList<>();
                for (int t = 0; t < TASKS; t++) {
                    mine.add(new TaskView("t" + s + "-" + t, old.id(), "i" + (t % INSTANCES), null, Phase.RUNNING, false,
                            Health.HEALTHY, true, then, null));
                }
                if (s % 2 == 0) {
                    states.add(new ServiceState(List.of(old), old, true, TASKS, 0, null));
                } else {
                    // Mid-rollout: five new tasks healthy, five still starting, the ten old ones still up.
                    Deployment next = new Deployment("ecs-svc/new" + s, "web:2", List.of(), RolloutState.IN_PROGRESS,
                            "ECS deployment ecs-svc/new" + s + " in progress.", 0, TASKS, 5, 5, NOW.minusSeconds(20),
                            NOW.minusSeconds(5));
                    for (int t = 0; t < TASKS; t++) {
                        mine.add(new TaskView("n" + s + "-" + t, next.id(), "i" + (t % INSTANCES), null,
                                t < 5 ? Phase.RUNNING : Phase.PENDING, false, t < 5 ? Health.HEALTHY : Health.UNKNOWN, true,
                                t < 5 ? NOW.minusSeconds(10) : null, null));
                    }
                    states.add(new ServiceState(List.of(next, old), old, false, 15, 5, null));
                }
                tasks.add(mine);
            }
        }
    }

    /** A SQLite store with the services settled on ten stand-in instances, and the controller over it. */
    @State(Scope.Benchmark)
    public static class Cluster {
        Path directory;
        EcsFixture ecs;
        Controller controller;

        @Setup(Level.Trial)
        public void build() throws IOException {
            directory = Files.createTempDirectory("berth-reconcile-bench-");
            ecs = new EcsFixture(directory);
            controller = ecs.api.controllers().stream().filter(c -> c.name().equals("services")).findFirst().orElseThrow();
            ecs.call("RegisterTaskDefinition", EcsFixture.worker("web"));
            List<String> instanceIds = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                String id = ecs.api.agents().register(new RegisterRequest("default", null, "host-" + i, 64 * 1024,
                        256 * 1024, List.of(), List.of(), Map.of(), "1", "20.10", "ON_DEMAND")).containerInstanceId();
                instanceIds.add(id);
            }
            for (int s = 0; s < SERVICES; s++) {
                ecs.call("CreateService", "{\"serviceName\": \"svc-" + s + "\", \"taskDefinition\": \"web:1\", "
                        + "\"desiredCount\": " + TASKS + "}");
            }
            controller.pass(Instant.now());
            Map<String, List<TaskReport>> running = new HashMap<>();
            ListQuery query = ListQuery.all(EcsKinds.TASK, 1_000);
            List<Record> page;
            do {
                page = ecs.store.list(query);
                for (Record task : page) {
                    var body = Json.body(task);
                    running.computeIfAbsent(body.path("containerInstanceId").asText(), k -> new ArrayList<>())
                            .add(new TaskReport(body.path("taskId").asText(), "RUNNING", null, null,
                                    Instant.now().toEpochMilli(), null, null, null, null, null, null));
                }
                if (!page.isEmpty()) {
                    query = query.after(page.get(page.size() - 1).id());
                }
            } while (page.size() == 1_000);
            int tasks = running.values().stream().mapToInt(List::size).sum();
            if (tasks != SERVICES * TASKS) {
                throw new IllegalStateException("expected " + SERVICES * TASKS + " tasks, the controller started " + tasks);
            }
            instanceIds.forEach(id -> ecs.api.agents().report("default/" + id, new Report(running.get(id))));
            controller.pass(Instant.now()); // deployments complete, steady state announced
            long index = ecs.store.currentIndex();
            controller.pass(Instant.now());
            if (ecs.store.currentIndex() != index) {
                throw new IllegalStateException("the measured pass is meant to find nothing to do, but it wrote");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            ecs.close();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Benchmark
    public int decide(Inputs inputs) {
        int launches = 0;
        for (int s = 0; s < SERVICES; s++) {
            Decision decision = Reconciler.decide(inputs.specs.get(s), inputs.states.get(s), inputs.tasks.get(s),
                    inputs.instances, NOW);
            launches += decision.launches().size() + decision.stops().size();
        }
        return launches;
    }

    @Benchmark
    public void controllerPass(Cluster cluster) {
        cluster.controller.pass(Instant.now());
    }
}
