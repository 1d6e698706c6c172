package dev.berth.tests.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Tasks on a running Berth, driven with the AWS SDK for Java v2 as a user's program would;
 * task definitions registered from JSON text (the SDK's builders would bury the point of a test).
 */
public final class EcsTasks implements AutoCloseable {
    private final RawAwsJson raw;
    private final EcsClient ecs;

    public EcsTasks(RunningBerth berth) {
        this(berth.endpoint());
    }

    public EcsTasks(java.net.URI endpoint) {
        this.raw = new RawAwsJson(endpoint);
        this.ecs = EcsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    public EcsClient sdk() {
        return ecs;
    }

    public RawAwsJson raw() {
        return raw;
    }

    /** Registers a definition (JSON text of the RegisterTaskDefinition request) and returns family:revision. */
    public String register(String definition) {
        RawAwsJson.Answer answer = raw.ecs("RegisterTaskDefinition", definition);
        if (answer.status() != 200) {
            throw new AssertionError("registration refused: " + answer.body());
        }
        JsonNode registered = answer.json().get("taskDefinition");
        return registered.get("family").asText() + ":" + registered.get("revision").asInt();
    }

    /** Runs one task and returns its ARN; fails when it could not be placed. */
    public String run(String taskDefinition) {
        RunTaskResponse response = ecs.runTask(b -> b.taskDefinition(taskDefinition));
        if (response.tasks().isEmpty()) {
            throw new AssertionError("not placed: " + response.failures());
        }
        return response.tasks().get(0).taskArn();
    }

    public Task describe(String taskArn) {
        List<Task> tasks = ecs.describeTasks(b -> b.tasks(taskArn)).tasks();
        if (tasks.isEmpty()) {
            throw new AssertionError("task " + taskArn + " is not describable");
        }
        return tasks.get(0);
    }

    /** Waits (up to {@code within}) until the task satisfies {@code condition}, and returns it. */
    public Task awaitTask(String taskArn, Duration within, Predicate<Task> condition) {
        Task[] last = new Task[1];
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .alias("task " + taskArn)
                .until(() -> {
                    last[0] = describe(taskArn);
                    return condition.test(last[0]);
                });
        return last[0];
    }

    public Task awaitStatus(String taskArn, String lastStatus) {
        return awaitTask(taskArn, Duration.ofSeconds(60), task -> lastStatus.equals(task.lastStatus()));
    }

    /** Waits until the cluster has exactly one container instance whose agentConnected is {@code connected}, and returns it. */
    public ContainerInstance awaitOnlyInstance(boolean connected) {
        ContainerInstance[] found = new ContainerInstance[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<String> arns = ecs.listContainerInstances(b -> b.cluster("default")).containerInstanceArns();
            if (arns.size() != 1) {
                return false;
            }
            found[0] = ecs.describeContainerInstances(b -> b.containerInstances(arns)).containerInstances().get(0);
            return found[0].agentConnected() == connected;
        });
        return found[0];
    }

    @Override
    public void close() {
        ecs.close();
    }
}
