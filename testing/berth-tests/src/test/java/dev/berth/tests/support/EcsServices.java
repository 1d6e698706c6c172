package dev.berth.tests.support;


import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Services driven the way the runbooks drive them, with the real AWS CLI (create-service,
 * update-service, delete-service, aws ecs wait), and watched closely with the SDK.
 */
public final class EcsServices implements AutoCloseable {
    private final AwsCli aws;
    private final EcsTasks tasks;

    public EcsServices(URI endpoint) {
        this.aws = new AwsCli(endpoint, "us-east-1");
        this.tasks = new EcsTasks(endpoint);
    }

    public AwsCli aws() {
        return aws;
    }

    public EcsClient sdk() {
        return tasks.sdk();
    }

    public EcsTasks tasks() {
        return tasks;
    }

    /** {@code aws ecs ARGS}; fails unless it exits 0, and returns its JSON. */
    public JsonNode ecs(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ecs"));
        command.addAll(List.of(arguments));
        return aws.run(command.toArray(String[]::new)).ok();
    }

    /** Registers a definition (JSON of the request) with the CLI and returns family:revision. */
    public String register(String definition) {
        JsonNode registered = ecs("register-task-definition", "--cli-input-json", definition).get("taskDefinition");
        return registered.get("family").asText() + ":" + registered.get("revision").asInt();
    }

    public Service describe(String service) {
        List<Service> found = sdk().describeServices(b -> b.services(service)).services();
        if (found.isEmpty()) {
            throw new AssertionError("service " + service + " is not describable");
        }
        return found.get(0);
    }

    /** Waits until the service satisfies {@code condition} and returns it. */
    public Service await(String service, Duration within, Predicate<Service> condition) {
        Service[] last = new Service[1];
        org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(200)).alias("service " + service)
                .until(() -> {
                    last[0] = describe(service);
                    return condition.test(last[0]);
                });
        return last[0];
    }

    /** One COMPLETED deployment with its desired tasks running: what services-stable waits for, and more. */
    public static boolean stable(Service service) {
        return service.deployments().size() == 1 && service.runningCount() == service.desiredCount()
                && service.deployments().get(0).rolloutStateAsString().equals("COMPLETED");
    }

    public Service awaitStable(String service, Duration within) {
        return await(service, within, EcsServices::stable);
    }

    /** The service's tasks that are not stopped (ListTasks serviceName, then DescribeTasks). */
    public List<Task> tasksOf(String service) {
        List<String> arns = sdk().listTasks(b -> b.serviceName(service)).taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return sdk().describeTasks(b -> b.tasks(arns)).tasks();
    }

    public List<String> events(String service) {
        return describe(service).events().stream().map(event -> event.message()).toList();
    }

    @Override
    public void close() {
        tasks.close();
    }
}
