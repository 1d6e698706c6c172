package dev.berth.tests.tasks;

import static dev.berth.tests.tasks.TaskLifecycleTest.sleeper;
import static dev.berth.tests.tasks.TaskLifecycleTest.suffix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.tests.support.AwsCli;
import dev.berth.tests.support.EcsTasks;
import dev.berth.tests.support.RunningBerth;
import dev.berth.tests.support.TestImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;

/** Container instances as ECS describes them, and placement with ECS's reasons when a task does not fit. */
class InstancesAndPlacementTest {
    private static RunningBerth berth;
    private static EcsTasks ecs;
    private static AwsCli aws;

    @BeforeAll
    static void start() {
        berth = RunningBerth.withAgent(RunningBerth.FAST, Map.of("stack", "blue"));
        ecs = new EcsTasks(berth);
        aws = new AwsCli(berth.endpoint(), "us-east-1");
    }

    @AfterAll
    static void stop() {
        ecs.close();
        berth.close();
    }

    @Test
    void anInstanceReportsWhatItOffersAndWhatItsTasksTake() {
        ContainerInstance before = instance();
        assertThat(before.agentConnected()).isTrue();
        assertThat(before.status()).isEqualTo("ACTIVE");
        assertThat(integer(before.registeredResources(), "CPU")).isEqualTo(Runtime.getRuntime().availableProcessors() * 1024);
        assertThat(integer(before.registeredResources(), "MEMORY")).isPositive();
        assertThat(resource(before.registeredResources(), "PORTS").stringSetValue()).contains("22", "2375", "2376", "51678");
        assertThat(before.attributes()).anySatisfy(a -> assertThat(a.name()).isEqualTo("ecs.os-type"))
                .anySatisfy(a -> {
                    assertThat(a.name()).isEqualTo("stack");
                    assertThat(a.value()).isEqualTo("blue");
                });
        assertThat(before.versionInfo().dockerVersion()).isNotBlank();

        String definition = ecs.register("""
                {"family": "sized-%s", "containerDefinitions": [{"name": "main", "image": "%s", "cpu": 128, "memory": 64,
                  "command": ["sleep", "600"], "stopTimeout": 1, "portMappings": [{"containerPort": 80, "hostPort": 18081}]}]}"""
                .formatted(suffix(), TestImages.BUSYBOX));
        String taskArn = ecs.run(definition);
        ecs.awaitStatus(taskArn, "RUNNING");

        ContainerInstance during = instance();
        assertThat(integer(during.remainingResources(), "CPU")).isEqualTo(integer(before.remainingResources(), "CPU") - 128);
        assertThat(integer(during.remainingResources(), "MEMORY")).isEqualTo(integer(before.remainingResources(), "MEMORY") - 64);
        assertThat(resource(during.remainingResources(), "PORTS").stringSetValue()).contains("18081");
        assertThat(during.runningTasksCount()).isGreaterThanOrEqualTo(1);

        RunTaskResponse second = ecs.sdk().runTask(b -> b.taskDefinition(definition));
        assertThat(second.tasks()).isEmpty();
        assertThat(second.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.reason()).isEqualTo("RESOURCE:PORTS");
            assertThat(failure.arn()).isEqualTo(during.containerInstanceArn());
        });

        ecs.sdk().stopTask(b -> b.task(taskArn));
        ecs.awaitStatus(taskArn, "STOPPED");
        ContainerInstance after = instance();
        assertThat(integer(after.remainingResources(), "MEMORY")).isEqualTo(integer(before.remainingResources(), "MEMORY"));
        assertThat(resource(after.remainingResources(), "PORTS").stringSetValue()).doesNotContain("18081");
    }

    @Test
    void tasksThatDoNotFitAreRefusedWithEcsReasons() {
        String huge = ecs.register("""
                {"family": "huge-%s", "containerDefinitions": [{"name": "main", "image": "%s", "memory": 100000000}]}"""
                .formatted(suffix(), TestImages.BUSYBOX));
        assertThat(ecs.sdk().runTask(b -> b.taskDefinition(huge)).failures()).extracting(Failure::reason)
                .containsExactly("RESOURCE:MEMORY");

        String greedy = ecs.register("""
                {"family": "greedy-%s", "cpu": "196608", "containerDefinitions": [{"name": "main", "image": "%s", "memory": 32}]}"""
                .formatted(suffix(), TestImages.BUSYBOX));
        assertThat(ecs.sdk().runTask(b -> b.taskDefinition(greedy)).failures()).extracting(Failure::reason)
                .containsExactly("RESOURCE:CPU");

        String needsSecrets = ecs.register("""
                {"family": "secretive-%s", "containerDefinitions": [{"name": "main", "image": "%s", "memory": 32,
                  "secrets": [{"name": "PASSWORD", "valueFrom": "/app/password"}]}]}""".formatted(suffix(), TestImages.BUSYBOX));
        assertThat(ecs.sdk().runTask(b -> b.taskDefinition(needsSecrets)).failures()).extracting(Failure::reason)
                .as("Berth does not resolve secrets yet, so no instance claims the capability").containsExactly("ATTRIBUTE");
    }

    @Test
    void attributesAndTheClusterQueryLanguageSteerPlacement() {
        String arn = instance().containerInstanceArn();
        aws.run("ecs", "put-attributes", "--cluster", "default", "--attributes",
                "name=disk,value=ssd,targetType=container-instance,targetId=" + arn).ok();
        JsonNode listed = aws.run("ecs", "list-attributes", "--cluster", "default", "--target-type", "container-instance",
                "--attribute-name", "disk").ok();
        assertThat(listed.at("/attributes/0/value").asText()).isEqualTo("ssd");
        assertThat(listed.at("/attributes/0/targetId").asText()).isEqualTo(arn);

        String definition = ecs.register(sleeper("steered-" + suffix()));
        RunTaskResponse refused = ecs.sdk().runTask(b -> b.taskDefinition(definition)
                .placementConstraints(c -> c.type("memberOf").expression("attribute:disk == hdd")));
        assertThat(refused.failures()).extracting(Failure::reason).containsExactly("MemberOf placement constraint unsatisfied.");
        RunTaskResponse placed = ecs.sdk().runTask(b -> b.taskDefinition(definition)
                .placementConstraints(c -> c.type("memberOf").expression("attribute:disk == ssd and attribute:stack in [blue, green]")));
        assertThat(placed.tasks()).hasSize(1);
        ecs.sdk().stopTask(b -> b.task(placed.tasks().get(0).taskArn()));

        assertThat(aws.run("ecs", "list-container-instances", "--filter", "attribute:disk =~ ss.*").ok()
                .get("containerInstanceArns")).hasSize(1);
        assertThat(aws.run("ecs", "list-container-instances", "--filter", "attribute:ecs.os-type == windows").ok()
                .get("containerInstanceArns")).isEmpty();
        AwsCli.Result bad = aws.run("ecs", "list-container-instances", "--filter", "attribute:disk == ");
        assertThat(bad.stderr()).contains("(InvalidParameterException)").contains("filter");

        aws.run("ecs", "delete-attributes", "--attributes", "name=disk,targetId=" + arn).ok();
        assertThat(aws.run("ecs", "list-attributes", "--target-type", "container-instance", "--attribute-name", "disk").ok()
                .get("attributes")).isEmpty();
    }

    @Test
    void aDrainingInstanceTakesNoNewTasksAndStartTaskNamesItsInstance() {
        String arn = instance().containerInstanceArn();
        String definition = ecs.register(sleeper("drained-" + suffix()));
        ecs.sdk().updateContainerInstancesState(b -> b.containerInstances(arn).status("DRAINING"));
        try {
            assertThatThrownBy(() -> ecs.sdk().runTask(b -> b.taskDefinition(definition)))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("No Container Instances were found in your cluster.");
        } finally {
            ecs.sdk().updateContainerInstancesState(b -> b.containerInstances(arn).status("ACTIVE"));
        }
        String started = ecs.sdk().startTask(b -> b.taskDefinition(definition).containerInstances(arn).startedBy("nightly-job"))
                .tasks().get(0).taskArn();
        assertThat(ecs.describe(started).containerInstanceArn()).isEqualTo(arn);
        assertThat(ecs.sdk().listTasks(b -> b.startedBy("nightly-job")).taskArns()).containsExactly(started);
        assertThat(ecs.sdk().listTasks(b -> b.containerInstance(arn)).taskArns()).contains(started);
        ecs.sdk().stopTask(b -> b.task(started));
        ecs.awaitStatus(started, "STOPPED");
        assertThat(ecs.sdk().listTasks(b -> b.family(definition.split(":")[0]).desiredStatus("STOPPED")).taskArns())
                .contains(started);
        assertThat(ecs.sdk().describeTasks(b -> b.tasks("0123456789abcdef0123456789abcdef")).failures())
                .extracting(Failure::reason).containsExactly("MISSING");
        assertThat(aws.run("ecs", "delete-cluster", "--cluster", "default").stderr())
                .contains("(ClusterContainsContainerInstancesException)");
    }

    private static ContainerInstance instance() {
        return ecs.sdk().describeContainerInstances(b -> b.containerInstances(berth.instanceId())).containerInstances().get(0);
    }

    private static Resource resource(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static int integer(List<Resource> resources, String name) {
        return resource(resources, name).integerValue();
    }
}
