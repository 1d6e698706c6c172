package dev.berth.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.ApiException;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.TaskReport;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service operations on a real SQLite store, and the service controller with a stand-in agent. */
class ServiceOperationsTest {
    @TempDir
    Path directory;
    EcsFixture ecs;

    @BeforeEach
    void open() {
        ecs = new EcsFixture(directory);
        ecs.call("RegisterTaskDefinition", EcsFixture.worker("web"));
        ecs.call("RegisterTaskDefinition", """
                {"family": "web", "containerDefinitions": [{"name": "w", "image": "busybox", "memory": 32,
                  "portMappings": [{"containerPort": 8080}]}]}""");
    }

    @AfterEach
    void close() {
        ecs.close();
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e.code().type() + ": " + e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    private String refusedCreate(String extra) {
        return refusal(() -> ecs.call("CreateService", "{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\"" + extra + "}"));
    }

    @Test
    void badServicesAreRefusedNamingWhatIsWrongAndNothingIsCreated() {
        assertThat(refusedCreate("")).isEqualTo(
                "InvalidParameterException: desiredCount is required when schedulingStrategy is REPLICA.");
        assertThat(refusedCreate(", \"desiredCount\": -1")).contains("desiredCount must be at least 0");
        assertThat(refusedCreate(", \"schedulingStrategy\": \"DAEMON\", \"desiredCount\": 1")).isEqualTo(
                "InvalidParameterException: The daemon scheduling strategy does not support a desired count for services. "
                        + "Remove the desired count value and try again");
        assertThat(refusedCreate(", \"schedulingStrategy\": \"DAEMON\", \"placementStrategy\": [{\"type\": \"random\"}]"))
                .contains("does not support placement strategies");
        assertThat(refusedCreate(", \"schedulingStrategy\": \"DAEMON\", \"deploymentConfiguration\": {\"maximumPercent\": 200}"))
                .contains("does not support values above 100 for maximumPercent");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"deploymentConfiguration\": {\"maximumPercent\": 50}"))
                .contains("deploymentConfiguration.maximumPercent must be at least 100");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"deploymentConfiguration\": {\"minimumHealthyPercent\": 101}"))
                .contains("deploymentConfiguration.minimumHealthyPercent must be between 0 and 100; got 101.");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"deploymentConfiguration\": {\"strategy\": \"BLUE_GREEN\"}"))
                .contains("ROLLING updates only");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"deploymentConfiguration\": {\"alarms\": {\"alarmNames\": [\"a\"], "
                + "\"enable\": true, \"rollback\": true}}")).contains("deploymentConfiguration.alarms");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"launchType\": \"EC2\", \"capacityProviderStrategy\": "
                + "[{\"capacityProvider\": \"FARGATE\"}]")).contains("both a launchType and capacityProviderStrategy");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"capacityProviderStrategy\": [{\"capacityProvider\": \"my-asg\", "
                + "\"weight\": 1}]")).contains("capacityProviderStrategy[0].capacityProvider").contains("my-asg");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"capacityProviderStrategy\": [{\"capacityProvider\": \"FARGATE\", "
                + "\"base\": 1}]")).contains("at least one capacity provider must have a weight");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"loadBalancers\": [{\"targetGroupArn\": \"arn:aws:elasticloadbalancing:"
                + "us-west-2:000000000000:targetgroup/web/1\", \"containerName\": \"w\", \"containerPort\": 80}]"))
                .isEqualTo("InvalidParameterException: loadBalancers[0]: The container w did not have a container port 80 defined.");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"deploymentController\": {\"type\": \"CODE_DEPLOY\"}"))
                .contains("deploymentController.type");
        assertThat(refusedCreate(", \"desiredCount\": 1, \"placementConstraints\": [{\"type\": \"memberOf\", "
                + "\"expression\": \"attribute:ecs.os-type ==\"}]")).contains("placementConstraints[0].expression");
        assertThat(refusal(() -> ecs.call("CreateService", "{\"serviceName\": \"web\", \"taskDefinition\": \"nope:1\", "
                + "\"desiredCount\": 1}"))).isEqualTo("ClientException: TaskDefinition not found.");
        assertThat(refusal(() -> ecs.call("CreateService", "{\"serviceName\": \"we b\", \"taskDefinition\": \"web:1\", "
                + "\"desiredCount\": 1}"))).contains("serviceName must be 1 to 255 letters");

        assertThat(ecs.store.list(ListQuery.all(EcsKinds.SERVICE, 10))).isEmpty();
    }

    @Test
    void createIsIdempotentForTheSameRequestOnly() {
        String request = "{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2, \"clientToken\": \"t-1\"}";
        JsonNode first = ecs.call("CreateService", request).get("service");
        JsonNode again = ecs.call("CreateService", request).get("service");

        assertThat(again.at("/deployments/0/id")).isEqualTo(first.at("/deployments/0/id"));
        assertThat(first.at("/deployments/0/id").asText()).matches("ecs-svc/\\d{19}");
        assertThat(first.get("deploymentConfiguration").toString()).isEqualTo(
                "{\"deploymentCircuitBreaker\":{\"enable\":false,\"rollback\":false},\"maximumPercent\":200,\"minimumHealthyPercent\":100}");
        assertThat(first.at("/taskDefinition").asText()).isEqualTo("arn:aws:ecs:us-west-2:000000000000:task-definition/web:1");
        assertThat(first.at("/serviceArn").asText()).isEqualTo("arn:aws:ecs:us-west-2:000000000000:service/default/web");
        assertThat(refusal(() -> ecs.call("CreateService", request.replace("\"desiredCount\": 2", "\"desiredCount\": 3"))))
                .isEqualTo("InvalidParameterException: Creation of service was not idempotent.");

        ecs.call("DeleteService", "{\"service\": \"web\", \"force\": true}");
        assertThat(refusal(() -> ecs.call("CreateService", request)))
                .isEqualTo("InvalidParameterException: Unable to Start a service that is still Draining.");
        passes(1);
        assertThat(ecs.call("DescribeServices", "{\"services\": [\"web\"]}").at("/services/0/status").asText()).isEqualTo("INACTIVE");
        assertThat(ecs.call("CreateService", request).at("/service/status").asText()).as("an INACTIVE name is free").isEqualTo("ACTIVE");
    }

    @Test
    void updateAndDeleteSayWhatIsWrong() {
        assertThat(refusal(() -> ecs.call("UpdateService", "{\"service\": \"web\", \"desiredCount\": 1}")))
                .isEqualTo("ServiceNotFoundException: Service not found.");
        assertThat(refusal(() -> ecs.call("DeleteService", "{\"service\": \"web\"}")))
                .isEqualTo("ServiceNotFoundException: Service not found.");
        ecs.call("CreateService", "{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2}");
        assertThat(refusal(() -> ecs.call("DeleteService", "{\"service\": \"web\"}")))
                .isEqualTo("InvalidParameterException: The service cannot be stopped while it is scaled above 0.");
        ecs.call("UpdateService", "{\"service\": \"web\", \"desiredCount\": 0}");
        assertThat(ecs.call("DeleteService", "{\"service\": \"arn:aws:ecs:us-west-2:000000000000:service/default/web\"}")
                .at("/service/status").asText()).isEqualTo("DRAINING");
        assertThat(refusal(() -> ecs.call("UpdateService", "{\"service\": \"web\", \"desiredCount\": 1}")))
                .isEqualTo("ServiceNotActiveException: Service was not ACTIVE.");
        assertThat(ecs.call("ListServices", "{}").get("serviceArns")).as("DRAINING services are not listed").isEmpty();
    }

    @Test
    void onlyATaskDefinitionChangeOrAForcedDeploymentStartsADeployment() {
        ecs.call("CreateService", "{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2}");

        JsonNode scaled = ecs.call("UpdateService", "{\"service\": \"web\", \"desiredCount\": 4, \"taskDefinition\": \"web:1\", "
                + "\"placementStrategy\": [{\"type\": \"binpack\", \"field\": \"memory\"}]}").get("service");
        assertThat(scaled.get("deployments")).hasSize(1);
        assertThat(scaled.get("desiredCount").asInt()).isEqualTo(4);
        assertThat(scaled.at("/placementStrategy/0/type").asText()).isEqualTo("binpack");

        JsonNode rolled = ecs.call("UpdateService", "{\"service\": \"web\", \"taskDefinition\": \"web\"}").get("service");
        assertThat(rolled.get("deployments")).hasSize(2);
        assertThat(rolled.at("/deployments/0/status").asText()).isEqualTo("PRIMARY");
        assertThat(rolled.at("/deployments/0/taskDefinition").asText()).endsWith("task-definition/web:2");
        assertThat(rolled.at("/deployments/1/status").asText()).isEqualTo("ACTIVE");

        JsonNode forced = ecs.call("UpdateService", "{\"service\": \"web\", \"forceNewDeployment\": true}").get("service");
        assertThat(forced.get("deployments")).hasSize(3);
        assertThat(forced.at("/deployments/0/taskDefinition").asText()).endsWith("task-definition/web:2");
    }

    @Test
    void describeReportsMissingServicesAsFailuresAndListPagesByTen() {
        for (int i = 0; i < 12; i++) {
            ecs.call("CreateService", "{\"serviceName\": \"s" + i + "\", \"taskDefinition\": \"web:1\", \"desiredCount\": 0}");
        }
        JsonNode described = ecs.call("DescribeServices", "{\"services\": [\"s1\", \"ghost\"], \"include\": [\"TAGS\"]}");
        assertThat(described.get("services")).hasSize(1);
        assertThat(described.at("/services/0/tags").isArray()).isTrue();
        assertThat(described.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        assertThat(described.at("/failures/0/arn").asText()).endsWith(":service/default/ghost");
        assertThat(refusal(() -> ecs.call("DescribeServices", "{\"services\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\","
                + "\"i\",\"j\",\"k\"]}"))).contains("services must name 1 to 10 services; got 11.");

        JsonNode first = ecs.call("ListServices", "{}");
        assertThat(first.get("serviceArns")).hasSize(10);
        JsonNode rest = ecs.call("ListServices", "{\"nextToken\": \"" + first.get("nextToken").asText() + "\"}");
        assertThat(rest.get("serviceArns")).hasSize(2);
        assertThat(rest.has("nextToken")).isFalse();
    }

    @Test
    void theControllerStartsTasksThatAStandInAgentRunsAndTheDeploymentCompletes() {
        String instance = ecs.api.agents().register(new RegisterRequest("default", null, "host-a", 2048, 4096, List.of(),
                List.of(), Map.of(), "1", "20.10", "ON_DEMAND")).containerInstanceId();
        String instanceRecordId = "default/" + instance;
        ecs.call("CreateService", "{\"serviceName\": \"web\", \"taskDefinition\": \"web:1\", \"desiredCount\": 2, "
                + "\"tags\": [{\"key\": \"team\", \"value\": \"maps\"}], \"propagateTags\": \"SERVICE\"}");

        passes(1);
        List<JsonNode> tasks = tasks();
        assertThat(tasks).hasSize(2).allSatisfy(task -> {
            assertThat(task.path("group").asText()).isEqualTo("service:web");
            assertThat(task.path("startedBy").asText()).matches("ecs-svc/\\d{19}");
            assertThat(task.path("tags").toString()).contains("maps");
        });
        JsonNode service = ecs.call("DescribeServices", "{\"services\": [\"web\"]}").at("/services/0");
        assertThat(service.at("/deployments/0/rolloutState").asText()).isEqualTo("IN_PROGRESS");
        assertThat(service.at("/events/0/message").asText()).startsWith("(service web) has started 2 tasks: (task ");

        List<TaskReport> running = new ArrayList<>();
        tasks.forEach(task -> running.add(new TaskReport(task.path("taskId").asText(), "RUNNING", null, null,
                Instant.now().toEpochMilli(), null, null, null, null, null, null)));
        ecs.api.agents().report(instanceRecordId, new Report(running));
        passes(1);

        service = ecs.call("DescribeServices", "{\"services\": [\"web\"]}").at("/services/0");
        assertThat(service.get("runningCount").asInt()).isEqualTo(2);
        assertThat(service.at("/deployments/0/rolloutState").asText()).isEqualTo("COMPLETED");
        assertThat(service.at("/events/0/message").asText()).isEqualTo("(service web) has reached a steady state.");
        long index = ecs.store.currentIndex();
        passes(3);
        assertThat(ecs.store.currentIndex()).as("a settled service costs no writes").isEqualTo(index);

        // A task that exits is replaced.
        String dead = tasks.get(0).path("taskId").asText();
        ecs.api.agents().report(instanceRecordId, new Report(List.of(new TaskReport(dead, "STOPPED", null, null, null,
                Instant.now().toEpochMilli(), Instant.now().toEpochMilli(), "EssentialContainerExited",
                "Essential container in task exited", null, null))));
        passes(1);
        assertThat(tasks()).filteredOn(task -> task.path("desiredStatus").asText().equals("RUNNING")).hasSize(2);
        service = ecs.call("DescribeServices", "{\"services\": [\"web\"]}").at("/services/0");
        assertThat(service.at("/deployments/0/failedTasks").asInt()).isEqualTo(1);
    }

    private void passes(int count) {
        Controller services = ecs.api.controllers().stream().filter(controller -> controller.name().equals("services"))
                .findFirst().orElseThrow();
        for (int i = 0; i < count; i++) {
            services.pass(Instant.now());
        }
    }

    private List<JsonNode> tasks() {
        List<JsonNode> tasks = new ArrayList<>();
        for (Record record : ecs.store.list(ListQuery.all(EcsKinds.TASK, 100))) {
            tasks.add(Json.body(record));
        }
        return tasks;
    }
}
