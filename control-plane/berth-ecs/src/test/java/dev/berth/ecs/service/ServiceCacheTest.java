package dev.berth.ecs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.ecs.EcsFixture;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.service.rollout.TaskView;
import dev.berth.ecs.task.TaskRecord;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.TaskReport;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.StoreException;
import dev.berth.store.Transaction;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache the service controller decides on equals the store read afresh, after every kind of change. */
class ServiceCacheTest {
    @TempDir
    Path directory;
    EcsFixture ecs;
    Controller controller;
    String instanceRecordId;

    @BeforeEach
    void open() {
        ecs = new EcsFixture(directory);
        controller = ecs.api.controllers().stream().filter(c -> c.name().equals("services")).findFirst().orElseThrow();
        ecs.call("RegisterTaskDefinition", EcsFixture.worker("web"));
        instanceRecordId = "default/" + ecs.api.agents().register(new RegisterRequest("default", null, "host-a", 4096, 8192,
                List.of(), List.of(), Map.of(), "1", "20.10", "ON_DEMAND")).containerInstanceId();
    }

    @AfterEach
    void close() {
        ecs.close();
    }

    @Test
    void followingChangesGivesWhatReadingEverythingAgainGives() {
        ServiceCache followed = new ServiceCache(ecs.store);
        followed.refresh();
        assertThat(snapshot(followed)).isEqualTo(fresh()).containsOnlyKeys("instances");

        for (int i = 0; i < 3; i++) {
            ecs.call("CreateService", "{\"serviceName\": \"s" + i + "\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2}");
        }
        followed.refresh();
        assertThat(snapshot(followed)).isEqualTo(fresh());

        controller.pass(Instant.now()); // tasks written, in the services' own transactions
        followed.refresh();
        assertThat(snapshot(followed)).isEqualTo(fresh());
        assertThat(snapshot(followed).values()).anyMatch(tasks -> tasks.toString().contains("PENDING"));

        report("RUNNING", null, taskIds(2));
        followed.refresh();
        assertThat(snapshot(followed)).isEqualTo(fresh());

        report("STOPPED", "EssentialContainerExited", taskIds(1));
        ecs.call("UpdateService", "{\"service\": \"s1\", \"desiredCount\": 0}");
        ecs.call("DeleteService", "{\"service\": \"s2\", \"force\": true}");
        followed.refresh();
        assertThat(snapshot(followed)).isEqualTo(fresh());

        for (int i = 0; i < 3; i++) {
            controller.pass(Instant.now());
            report("STOPPED", "ServiceSchedulerInitiated", stoppingTaskIds());
        }
        controller.pass(Instant.now());
        ecs.call("UpdateContainerInstancesState", "{\"containerInstances\": [\"" + instanceRecordId.substring(8)
                + "\"], \"status\": \"DRAINING\"}");
        followed.refresh();
        assertThat(snapshot(followed)).isEqualTo(fresh());
        assertThat(snapshot(followed).keySet()).as("s2 is INACTIVE").noneMatch(key -> key.startsWith("default/s2@"))
                .anyMatch(key -> key.startsWith("default/s1@"));

        ServiceCache loadedNow = new ServiceCache(ecs.store);
        loadedNow.refresh();
        assertThat(snapshot(loadedNow)).isEqualTo(snapshot(followed));
    }

    @Test
    void aTransactionAcrossThePageBoundaryIsReadWhole() {
        ecs.call("CreateService", "{\"serviceName\": \"s0\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2}");
        controller.pass(Instant.now());
        report("RUNNING", null, taskIds(2));
        controller.pass(Instant.now());
        ServiceCache followed = new ServiceCache(ecs.store);
        followed.refresh();
        int before = tasks().size();
        // 999 one-record transactions, then one report that stops both tasks: its records straddle the page of 1,000.
        for (int i = 0; i < 999; i++) {
            int n = i;
            ecs.store.write(tx -> tx.put("test.filler", "f" + n, "{}", 0));
        }
        report("STOPPED", "EssentialContainerExited", runningTaskIds());

        followed.refresh();
        assertThat(snapshot(followed)).isEqualTo(fresh());
        controller.pass(Instant.now());
        assertThat(tasks()).as("both replaced").hasSize(before + 2);
    }

    @Test
    void aLoadThatFailsHalfwayIsDoneAgainOnTheNextPass() {
        ecs.call("CreateService", "{\"serviceName\": \"s0\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2}");
        boolean[] failedOnce = {false};
        Store flaky = new DelegatingStore(ecs.store) {
            @Override
            public List<Record> list(ListQuery query) {
                if (query.kind().equals(EcsKinds.CONTAINER_INSTANCE) && !failedOnce[0]) {
                    failedOnce[0] = true;
                    throw new StoreException("the database went away for a moment");
                }
                return super.list(query);
            }
        };
        ServiceCache cache = new ServiceCache(flaky);

        assertThatThrownBy(cache::refresh).isInstanceOf(StoreException.class);
        cache.refresh();

        assertThat(snapshot(cache)).isEqualTo(fresh());
        assertThat(cache.instances("default")).hasSize(1);
    }

    /** A real store whose calls a test can intercept. */
    private static class DelegatingStore implements Store {
        private final Store store;

        DelegatingStore(Store store) {
            this.store = store;
        }

        @Override
        public Optional<Record> get(String kind, String id) {
            return store.get(kind, id);
        }

        @Override
        public List<Record> list(ListQuery query) {
            return store.list(query);
        }

        @Override
        public <T> T write(Function<Transaction, T> work) {
            return store.write(work);
        }

        @Override
        public long currentIndex() {
            return store.currentIndex();
        }

        @Override
        public long awaitIndex(long after, Duration timeout) throws InterruptedException {
            return store.awaitIndex(after, timeout);
        }

        @Override
        public List<Record> changesSince(long after, int limit) {
            return store.changesSince(after, limit);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private List<String> runningTaskIds() {
        return tasks().stream().filter(task -> task.path("lastStatus").asText().equals("RUNNING"))
                .map(task -> task.path("taskId").asText()).toList();
    }

    private void report(String status, String stopCode, List<String> taskIds) {
        long now = Instant.now().toEpochMilli();
        List<TaskReport> reports = new ArrayList<>();
        for (String id : taskIds) {
            reports.add(status.equals("RUNNING") ? new TaskReport(id, status, null, null, now, null, null, null, null, null, null)
                    : new TaskReport(id, status, null, null, null, now, now, stopCode, "stopped", null, null));
        }
        ecs.api.agents().report(instanceRecordId, new Report(reports));
    }

    private List<String> taskIds(int count) {
        return tasks().stream().filter(task -> task.path("lastStatus").asText().equals("PENDING")
                || task.path("lastStatus").asText().equals("PROVISIONING")).limit(count)
                .map(task -> task.path("taskId").asText()).toList();
    }

    private List<String> stoppingTaskIds() {
        return tasks().stream().filter(task -> task.path("desiredStatus").asText().equals("STOPPED")
                && !task.path("lastStatus").asText().equals("STOPPED")).map(task -> task.path("taskId").asText()).toList();
    }

    private List<com.fasterxml.jackson.databind.JsonNode> tasks() {
        List<com.fasterxml.jackson.databind.JsonNode> tasks = new ArrayList<>();
        ecs.store.list(ListQuery.all(EcsKinds.TASK, 1_000)).forEach(record -> tasks.add(Json.body(record)));
        return tasks;
    }

    /** Service record id → its tasks' views, and "instances" → the instances' ids and versions. */
    private static Map<String, Object> snapshot(ServiceCache cache) {
        Map<String, Object> view = new TreeMap<>();
        cache.services().forEach(service -> view.put(service.record().id() + "@" + service.record().version(),
                cache.tasks(service)));
        view.put("instances", cache.instances("default").stream().map(ServiceCacheTest::instanceKey).toList());
        return view;
    }

    private Map<String, Object> fresh() {
        Map<String, Object> view = new TreeMap<>();
        for (Record record : ecs.store.list(ListQuery.all(EcsKinds.SERVICE, 1_000))) {
            ServiceRecord service = new ServiceRecord(record);
            if (service.status().equals("INACTIVE")) {
                continue;
            }
            List<TaskView> tasks = service.taskIds().stream().map(id -> ecs.store.get(EcsKinds.TASK, TaskRecord.id("default", id))
                    .map(task -> ServiceViews.task(new TaskRecord(task))).orElseGet(() -> ServiceViews.gone(id))).toList();
            view.put(record.id() + "@" + record.version(), tasks);
        }
        view.put("instances", ecs.store.list(ListQuery.all(EcsKinds.CONTAINER_INSTANCE, 1_000)).stream()
                .map(record -> instanceKey(new InstanceRecord(record))).toList());
        return view;
    }

    private static String instanceKey(InstanceRecord instance) {
        return instance.record().id() + "@" + instance.record().version();
    }
}
