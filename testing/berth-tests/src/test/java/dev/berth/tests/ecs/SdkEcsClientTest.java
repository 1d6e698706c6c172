package dev.berth.tests.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.tests.support.RunningBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeleteTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** The AWS SDK for Java v2 EcsClient works against Berth with only an endpoint override. */
class SdkEcsClientTest {
    private static RunningBerth berth;
    private static EcsClient ecs;

    @BeforeAll
    static void start() {
        berth = RunningBerth.onSqlite();
        ecs = EcsClient.builder()
                .endpointOverride(berth.endpoint())
                .region(Region.US_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSDK", "sdk-secret")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @AfterAll
    static void stop() {
        ecs.close();
        berth.close();
    }

    @Test
    void registersAndDescribesAWebAppExactlyAsGiven() {
        RegisterTaskDefinitionRequest request = webApp("sdk-web");

        RegisterTaskDefinitionResponse registered = ecs.registerTaskDefinition(request);

        TaskDefinition definition = registered.taskDefinition();
        assertThat(definition.taskDefinitionArn())
                .isEqualTo("arn:aws:ecs:us-west-1:000000000000:task-definition/sdk-web:1");
        assertThat(definition.family()).isEqualTo("sdk-web");
        assertThat(definition.networkMode()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(definition.volumes()).isEqualTo(request.volumes());
        assertThat(definition.containerDefinitions()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ContainerDefinition sent = request.containerDefinitions().get(i);
            ContainerDefinition back = definition.containerDefinitions().get(i);
            assertThat(back.name()).isEqualTo(sent.name());
            assertThat(back.image()).isEqualTo(sent.image());
            assertThat(back.memory()).isEqualTo(sent.memory());
            assertThat(back.secrets()).isEqualTo(sent.secrets());
            assertThat(back.mountPoints()).isEqualTo(sent.mountPoints());
            assertThat(back.dependsOn()).isEqualTo(sent.dependsOn());
            assertThat(back.healthCheck()).isEqualTo(sent.healthCheck());
            assertThat(back.logConfiguration()).isEqualTo(sent.logConfiguration());
            assertThat(back.essential()).isTrue();
        }
        assertThat(definition.containerDefinitions().get(0).portMappings().get(0).protocol()).isEqualTo(TransportProtocol.TCP);
        assertThat(definition.registeredAt()).isNotNull();
        assertThat(registered.tags()).isEqualTo(request.tags());

        DescribeTaskDefinitionResponse described = ecs.describeTaskDefinition(b -> b.taskDefinition("sdk-web:1")
                .include(TaskDefinitionField.TAGS));
        assertThat(described.taskDefinition()).isEqualTo(definition);
        assertThat(described.tags()).isEqualTo(request.tags());
    }

    @Test
    void deregisteredRevisionsCanBeDeletedAndActiveOnesCannot() {
        ecs.registerTaskDefinition(webApp("sdk-delete"));
        ecs.registerTaskDefinition(webApp("sdk-delete"));
        ecs.deregisterTaskDefinition(b -> b.taskDefinition("sdk-delete:1"));

        DeleteTaskDefinitionsResponse deleted = ecs.deleteTaskDefinitions(b -> b.taskDefinitions("sdk-delete:1", "sdk-delete:2"));

        assertThat(deleted.taskDefinitions()).singleElement().satisfies(definition -> {
            assertThat(definition.revision()).isEqualTo(1);
            assertThat(definition.status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
            assertThat(definition.deregisteredAt()).isNotNull();
        });
        assertThat(deleted.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.arn()).endsWith("task-definition/sdk-delete:2");
            assertThat(failure.reason()).contains("ACTIVE");
        });
        ecs.registerTaskDefinition(webApp("sdk-delete"));
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("sdk-delete")).taskDefinition().revision())
                .as("revision numbers are never reused").isEqualTo(3);
    }

    @Test
    void theSdkPaginatorsFollowBerthsPageTokens() {
        for (int i = 0; i < 5; i++) {
            ecs.registerTaskDefinition(webApp("sdk-pages"));
        }
        ecs.deregisterTaskDefinition(b -> b.taskDefinition("sdk-pages:2"));
        ecs.registerTaskDefinition(webApp("sdk-pages-too"));

        java.util.List<String> arns = ecs.listTaskDefinitionsPaginator(b -> b.familyPrefix("sdk-pages").maxResults(2))
                .taskDefinitionArns().stream().toList();
        java.util.List<String> families = ecs.listTaskDefinitionFamiliesPaginator(b -> b.familyPrefix("sdk-").maxResults(1))
                .families().stream().toList();

        assertThat(arns).extracting(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                .containsExactly("sdk-pages:1", "sdk-pages:3", "sdk-pages:4", "sdk-pages:5");
        assertThat(families).contains("sdk-pages", "sdk-pages-too").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void errorsArriveAsTheirModelledExceptions() {
        assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("no-such-family")))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Unable to describe task definition.")
                .satisfies(e -> assertThat(((ClientException) e).statusCode()).isEqualTo(400))
                .satisfies(e -> assertThat(((ClientException) e).requestId()).isNotBlank());
        assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("never-created")))
                .isInstanceOf(software.amazon.awssdk.services.ecs.model.ClusterNotFoundException.class);
    }

    static RegisterTaskDefinitionRequest webApp(String family) {
        return RegisterTaskDefinitionRequest.builder()
                .family(family)
                .networkMode(NetworkMode.BRIDGE)
                .executionRoleArn("arn:aws:iam::000000000000:role/ecsTaskExecutionRole")
                .volumes(v -> v.name("socket").host(h -> { }))
                .containerDefinitions(
                        ContainerDefinition.builder()
                                .name("proxy")
                                .image("registry.local/proxy:1.25")
                                .memory(128)
                                .portMappings(p -> p.containerPort(80))
                                .mountPoints(m -> m.sourceVolume("socket").containerPath("/run/app"))
                                .dependsOn(d -> d.containerName("app").condition(ContainerCondition.HEALTHY))
                                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS)
                                        .options(java.util.Map.of("awslogs-group", "/ecs/web", "awslogs-region", "us-west-1")))
                                .build(),
                        ContainerDefinition.builder()
                                .name("app")
                                .image("registry.local/app@sha256:" + "ab".repeat(32))
                                .memory(512)
                                .mountPoints(m -> m.sourceVolume("socket").containerPath("/run/app"))
                                .secrets(s -> s.name("DB_PASSWORD").valueFrom("/web/db/password"))
                                .healthCheck(h -> h.command("CMD", "test", "-S", "/run/app/app.sock").interval(10).retries(3))
                                .build())
                .tags(t -> t.key("team").value("web"))
                .build();
    }
}
