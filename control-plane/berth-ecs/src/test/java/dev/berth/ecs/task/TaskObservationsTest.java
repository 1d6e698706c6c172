package dev.berth.ecs.task;

import static dev.berth.ecs.task.EffectiveDefinitionTest.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.node.protocol.ContainerReport;
import dev.berth.node.protocol.NetworkBinding;
import dev.berth.node.protocol.TaskReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Folding what an agent observed into a stored task. */
class TaskObservationsTest {
    private static final String TASK = """
            {"taskId": "t1", "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING", "version": 1,
             "definition": {"containerDefinitions": [{"name": "app"}, {"name": "db", "essential": true},
                                                     {"name": "logs", "essential": false}]},
             "containers": [{"name": "app", "lastStatus": "PENDING", "healthStatus": "UNKNOWN"},
                            {"name": "db", "lastStatus": "PENDING", "healthStatus": "UNKNOWN"},
                            {"name": "logs", "lastStatus": "PENDING", "healthStatus": "UNKNOWN"}]}
            """;

    private static ObjectNode task() {
        return object(TASK);
    }

    private static TaskReport report(String lastStatus, List<ContainerReport> containers) {
        return new TaskReport("t1", lastStatus, null, null, null, null, null, null, null, null, containers);
    }

    private static TaskReport report(String lastStatus) {
        return report(lastStatus, List.of());
    }

    private static ContainerReport container(String name, String lastStatus, String health) {
        return new ContainerReport(name, "rt-" + name, "sha256:" + name, lastStatus, null, null, health, List.of());
    }

    private static TaskReport stopped(String code, String reason, long at) {
        return new TaskReport("t1", "STOPPED", null, null, null, at, at, code, reason, null, List.of());
    }

    @Test
    void theStatusMovesForwardAndTheVersionGrows() {
        ObjectNode task = task();

        assertThat(TaskObservations.apply(task, report("RUNNING"))).isTrue();

        assertThat(task.get("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(task.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void theStatusNeverMovesBack() {
        ObjectNode task = task();
        TaskObservations.apply(task, report("RUNNING"));

        TaskObservations.apply(task, report("PENDING"));

        assertThat(task.get("lastStatus").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aRunningReportAfterTheTaskWasRecordedStoppedChangesNothing() {
        ObjectNode task = task();
        TaskObservations.apply(task, report("STOPPED", List.of(container("app", "STOPPED", "UNKNOWN"))));
        String recorded = task.toString();

        boolean changed = TaskObservations.apply(task, report("RUNNING", List.of(container("app", "RUNNING", "HEALTHY"))));

        assertThat(changed).isFalse();
        assertThat(task.toString()).isEqualTo(recorded);
    }

    @Test
    void theSameReportTwiceChangesNothingTheSecondTime() {
        ObjectNode task = task();
        TaskReport report = report("RUNNING", List.of(container("app", "RUNNING", "HEALTHY")));
        TaskObservations.apply(task, report);
        String once = task.toString();

        assertThat(TaskObservations.apply(task, report)).isFalse();
        assertThat(task.toString()).isEqualTo(once);
        assertThat(task.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void theFirstTimestampsAreKept() {
        ObjectNode task = task();
        TaskObservations.apply(task, new TaskReport("t1", "PENDING", 1000L, null, null, null, null, null, null, null, List.of()));
        TaskObservations.apply(task, new TaskReport("t1", "RUNNING", 5000L, 2000L, 3000L, null, null, null, null, null, List.of()));

        assertThat(task.get("pullStartedAt").asLong()).isEqualTo(1000);
        assertThat(task.get("pullStoppedAt").asLong()).isEqualTo(2000);
        assertThat(task.get("startedAt").asLong()).isEqualTo(3000);
    }

    @Test
    void theFirstStopCodeAndReasonAreKept() {
        ObjectNode task = task();
        TaskObservations.apply(task, stopped("EssentialContainerExited", "Essential container in task exited", 9000));

        TaskObservations.apply(task, stopped("UserInitiated", "later", 9500));

        assertThat(task.get("stopCode").asText()).isEqualTo("EssentialContainerExited");
        assertThat(task.get("stoppedReason").asText()).isEqualTo("Essential container in task exited");
        assertThat(task.get("stoppedAt").asLong()).isEqualTo(9000);
        assertThat(task.get("executionStoppedAt").asLong()).isEqualTo(9000);
    }

    @Test
    void aStopCodeTheUserGaveFirstIsKeptWhenTheAgentReportsItsOwn() {
        ObjectNode task = task();
        task.put("stopCode", "UserInitiated").put("stoppedReason", "Scaling down").put("desiredStatus", "STOPPED");

        TaskObservations.apply(task, stopped("EssentialContainerExited", "Essential container in task exited", 9000));

        assertThat(task.get("stopCode").asText()).isEqualTo("UserInitiated");
        assertThat(task.get("stoppedReason").asText()).isEqualTo("Scaling down");
    }

    @Test
    void containersAreMergedByNameAndUnknownNamesIgnored() {
        ObjectNode task = task();
        ContainerReport db = new ContainerReport("db", "rt-db", "sha256:db", "RUNNING", null, null, "HEALTHY",
                List.of(new NetworkBinding("0.0.0.0", 5432, 32768, "tcp")));

        TaskObservations.apply(task, report("RUNNING", List.of(db, container("ghost", "RUNNING", "HEALTHY"))));

        assertThat(task.at("/containers/1/runtimeId").asText()).isEqualTo("rt-db");
        assertThat(task.at("/containers/1/lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(task.at("/containers/1/networkBindings/0/hostPort").asInt()).isEqualTo(32768);
        assertThat(task.at("/containers/1/networkBindings/0/bindIP").asText()).isEqualTo("0.0.0.0");
        assertThat(task.at("/containers/0/lastStatus").asText()).as("app was not reported").isEqualTo("PENDING");
        assertThat(task.get("containers")).hasSize(3);
    }

    @Test
    void anExitCodeAndReasonAreRecordedOnceReported() {
        ObjectNode task = task();
        TaskObservations.apply(task, report("RUNNING", List.of(new ContainerReport("app", "rt", null, "STOPPED", 137, "OutOfMemoryError",
                "UNKNOWN", List.of()))));

        assertThat(task.at("/containers/0/exitCode").asInt()).isEqualTo(137);
        assertThat(task.at("/containers/0/reason").asText()).isEqualTo("OutOfMemoryError");
    }

    @Test
    void theDesiredStatusBecomesStoppedWhenTheTaskStops() {
        ObjectNode task = task();

        TaskObservations.apply(task, report("STOPPED"));

        assertThat(task.get("desiredStatus").asText()).isEqualTo("STOPPED");
        assertThat(task.get("lastStatus").asText()).isEqualTo("STOPPED");
    }

    @Test
    void theDesiredStatusStaysRunningWhileTheTaskIsNotStopped() {
        ObjectNode task = task();

        TaskObservations.apply(task, report("DEACTIVATING"));

        assertThat(task.get("desiredStatus").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aReportWithoutStatusKeepsTheRecordedOne() {
        ObjectNode task = task();
        task.put("lastStatus", "RUNNING");

        TaskObservations.apply(task, report(null, List.of(container("app", "RUNNING", "HEALTHY"))));

        assertThat(task.get("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(task.at("/containers/0/lastStatus").asText()).isEqualTo("RUNNING");
    }

    @Test
    void thePrivateAddressIsRecordedWhenReported() {
        ObjectNode task = task();

        TaskObservations.apply(task, new TaskReport("t1", "RUNNING", null, null, null, null, null, null, null, "172.17.0.9",
                List.of()));

        assertThat(task.get("privateIpv4Address").asText()).isEqualTo("172.17.0.9");
    }

    @ParameterizedTest(name = "app {0}, db {1}, non-essential logs {2} → task {3}")
    @CsvSource({
        "HEALTHY,   HEALTHY,   UNHEALTHY, HEALTHY",
        "HEALTHY,   UNHEALTHY, HEALTHY,   UNHEALTHY",
        "UNKNOWN,   UNHEALTHY, HEALTHY,   UNHEALTHY",
        "HEALTHY,   UNKNOWN,   HEALTHY,   UNKNOWN",
        "UNKNOWN,   UNKNOWN,   HEALTHY,   UNKNOWN"})
    void theTasksHealthComesFromItsEssentialContainersOnly(String app, String db, String logs, String expected) {
        ObjectNode task = task();

        TaskObservations.apply(task, report("RUNNING", List.of(container("app", "RUNNING", app),
                container("db", "RUNNING", db), container("logs", "RUNNING", logs))));

        assertThat(task.get("healthStatus").asText()).isEqualTo(expected);
    }

    @Test
    void aHealthChangeAloneIsAChange() {
        ObjectNode task = task();
        TaskObservations.apply(task, report("RUNNING", List.of(container("app", "RUNNING", "UNKNOWN"))));

        boolean changed = TaskObservations.apply(task, report("RUNNING", List.of(container("app", "RUNNING", "UNHEALTHY"))));

        assertThat(changed).isTrue();
        assertThat(task.get("healthStatus").asText()).isEqualTo("UNHEALTHY");
        assertThat(task.get("version").asLong()).isEqualTo(3);
    }
}
