package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.arn.EcsArns;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.validation.FieldPath;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.FilteredScan;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.common.PageToken;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.instance.InstanceReference;
import dev.berth.ecs.task.TaskLauncher.NewTasks;
import dev.berth.ecs.task.TaskLauncher.Placed;
import dev.berth.ecs.taskdefinition.RunnableTaskDefinition;
import dev.berth.ecs.taskdefinition.TaskDefinitionOperations;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * RunTask, StartTask, StopTask, DescribeTasks and ListTasks. Placement, the new task records and
 * the instances' reservations are written in one transaction, so two concurrent RunTasks can
 * never both take the last memory of an instance (the second conflicts and places again).
 * Thread-safe.
 */
public final class TaskOperations {
    private static final int WRITE_ATTEMPTS = 20;
    private static final Pattern STARTED_BY = Pattern.compile("[a-zA-Z0-9_/-]{1,128}");

    private final Store store;
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final TaskStopper stopper;
    private final TaskLauncher launcher;
    private final RandomGenerator random;

    public TaskOperations(Store store, ClusterOperations clusters, TaskDefinitionOperations taskDefinitions,
                          TaskStopper stopper, IdGenerator ids, RandomGenerator random) {
        this.store = store;
        this.clusters = clusters;
        this.taskDefinitions = taskDefinitions;
        this.stopper = stopper;
        this.launcher = new TaskLauncher(ids);
        this.random = random;
    }

    public JsonNode runTask(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        int count = input.path("count").asInt(1);
        if (count < 1 || count > 10) {
            throw EcsErrors.invalidParameter("count must be between 1 and 10; got " + count + ".");
        }
        if (input.hasNonNull("launchType") && input.has("capacityProviderStrategy")
                && !input.get("capacityProviderStrategy").isEmpty()) {
            throw EcsErrors.invalidParameter("Specifying both a launchType and capacityProviderStrategy is not supported.");
        }
        NewTasks request = newTasks(cluster, input);
        String token = Json.string(input, "clientToken");
        List<TaskRecord> existing = token == null ? List.of() : earlierRun(cluster, token);
        if (!existing.isEmpty()) {
            return tasksAndFailures(context, cluster, existing, Map.of());
        }
        PlacementSpec spec = PlacementSpec.read(input.path("placementStrategy"), input.path("placementConstraints"),
                request.definition().path("placementConstraints"));
        long seed = random.nextLong();
        Placed placed = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            List<InstanceRecord> instances = TaskLauncher.eligibleInstances(tx, cluster, null);
            if (instances.isEmpty()) {
                throw EcsErrors.invalidParameter("No Container Instances were found in your cluster.");
            }
            Placed outcome = launcher.launch(tx, request, instances, count, spec, seed, context.receivedAt());
            List<TaskRecord> tasks = outcome.tasks();
            if (token != null) {
                ObjectNode remembered = Json.object();
                remembered.put("createdAt", context.receivedAt().toEpochMilli());
                tasks.forEach(task -> remembered.withArray("taskIds").add(task.taskId()));
                tx.put(EcsKinds.RUN_TASK_TOKEN, EcsKinds.inCluster(cluster, token), Json.text(remembered), 0);
            }
            return new Placed(tasks, outcome.failures());
        });
        return tasksAndFailures(context, cluster, placed.tasks(), placed.failures());
    }

    public JsonNode startTask(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        JsonNode references = input.path("containerInstances");
        if (references.isEmpty() || references.size() > 10) {
            throw EcsErrors.invalidParameter("containerInstances must name 1 to 10 container instances; got "
                    + references.size() + ".");
        }
        NewTasks request = newTasks(cluster, input);
        PlacementSpec spec = PlacementSpec.read(Json.object().arrayNode(), Json.object().arrayNode(),
                Json.object().arrayNode());
        long seed = random.nextLong();
        Placed placed = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            List<TaskRecord> tasks = new ArrayList<>();
            Map<String, String> failures = new LinkedHashMap<>();
            for (JsonNode reference : references) {
                String instanceId = InstanceReference.instanceId(reference.asText());
                List<InstanceRecord> named = TaskLauncher.eligibleInstances(tx, cluster, instanceId);
                if (named.isEmpty()) {
                    failures.put(instanceId, "MISSING");
                    continue;
                }
                Placed outcome = launcher.launch(tx, request, named, 1, spec, seed, context.receivedAt());
                tasks.addAll(outcome.tasks());
                failures.putAll(outcome.failures());
            }
            return new Placed(tasks, failures);
        });
        return tasksAndFailures(context, cluster, placed.tasks(), placed.failures());
    }

    public JsonNode stopTask(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String taskId = TaskReference.taskId(Json.string(input, "task"));
        String reason = Optional.ofNullable(Json.string(input, "reason")).filter(r -> !r.isBlank()).orElse("Task stopped by user");
        if (reason.length() > 1024) {
            throw EcsErrors.invalidParameter("reason may be at most 1024 characters.");
        }
        TaskRecord task = stopper.requestStop(cluster, taskId, "UserInitiated", reason, context.receivedAt())
                .orElseThrow(() -> EcsErrors.invalidParameter("The referenced task was not found."));
        ObjectNode output = Json.object();
        output.set("task", TaskRenderer.render(new EcsArns(context.region(), context.accountId()), task, false));
        return output;
    }

    public JsonNode describeTasks(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        JsonNode references = input.path("tasks");
        if (references.size() > 100) {
            throw EcsErrors.invalidParameter("tasks may name at most 100 tasks; got " + references.size() + ".");
        }
        boolean tags = false;
        for (JsonNode value : input.path("include")) {
            tags |= value.asText().equals("TAGS");
        }
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("tasks");
        ArrayNode failures = output.putArray("failures");
        for (JsonNode reference : references) {
            String taskId = TaskReference.taskId(reference.asText());
            Optional<Record> record = store.get(EcsKinds.TASK, TaskRecord.id(cluster, taskId));
            if (record.isPresent()) {
                found.add(TaskRenderer.render(arns, new TaskRecord(record.get()), tags));
            } else {
                failures.addObject().put("arn", arns.task(cluster, taskId)).put("reason", "MISSING");
            }
        }
        return output;
    }

    public JsonNode listTasks(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String startedBy = Json.string(input, "startedBy");
        String family = Json.string(input, "family");
        String serviceName = Json.string(input, "serviceName");
        String instance = Json.string(input, "containerInstance");
        String launchType = Json.string(input, "launchType");
        String desired = Optional.ofNullable(Json.string(input, "desiredStatus")).orElse("RUNNING");
        if (startedBy != null && (family != null || serviceName != null || instance != null)) {
            throw EcsErrors.invalidParameter("startedBy must be the only filter when it is given.");
        }
        int size = PageToken.pageSize(Json.integer(input, "maxResults"), 100);
        ListQuery query = ListQuery.prefix(EcsKinds.TASK, cluster + "/", size)
                .after(PageToken.decode("ListTasks", Json.string(input, "nextToken")));
        if (instance != null) {
            query = query.withIndexKey(InstanceRecord.id(cluster, InstanceReference.instanceId(instance)));
        }
        String group = serviceName == null ? null : "service:" + serviceName;
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("taskArns");
        FilteredScan.Page page = FilteredScan.page(store, query, size, record -> {
            JsonNode body = Json.body(record);
            return body.path("desiredStatus").asText().equals(desired)
                    && (startedBy == null || startedBy.equals(body.path("startedBy").asText(null)))
                    && (family == null || family.equals(body.path("taskDefinition").asText().split(":")[0]))
                    && (group == null || group.equals(body.path("group").asText()))
                    && (launchType == null || launchType.equals(body.path("launchType").asText()));
        }, record -> found.add(arns.task(cluster, record.id().substring(cluster.length() + 1))));
        page.nextToken("ListTasks").ifPresent(token -> output.put("nextToken", token));
        return output;
    }

    private NewTasks newTasks(String cluster, ObjectNode input) {
        RunnableTaskDefinition taskDefinition = taskDefinitions.runnable("taskDefinition", Json.string(input, "taskDefinition"));
        String startedBy = Json.string(input, "startedBy");
        if (startedBy != null && !STARTED_BY.matcher(startedBy).matches()) {
            throw EcsErrors.invalidParameter("startedBy must be up to 128 letters, numbers, '-', '/' or '_'; got '"
                    + startedBy + "'.");
        }
        String group = Optional.ofNullable(Json.string(input, "group")).orElse("family:" + taskDefinition.family());
        if (group.length() > 255) {
            throw EcsErrors.invalidParameter("group may be at most 255 characters.");
        }
        Tags tags = Tags.parse(input.get("tags"), FieldPath.of("tags"));
        String propagate = Json.string(input, "propagateTags");
        if ("SERVICE".equals(propagate)) {
            throw EcsErrors.invalidParameter("propagateTags SERVICE is only for services; a task run by RunTask has none.");
        }
        if ("TASK_DEFINITION".equals(propagate)) {
            tags = taskDefinition.tags().with(tags);
        }
        String launchType = Optional.ofNullable(Json.string(input, "launchType")).orElse("EC2");
        return TaskLauncher.prepare(taskDefinition, input.get("overrides"), group, startedBy, launchType, tags,
                input.path("enableExecuteCommand").asBoolean(false), null, false);
    }

    private List<TaskRecord> earlierRun(String cluster, String token) {
        return store.get(EcsKinds.RUN_TASK_TOKEN, EcsKinds.inCluster(cluster, token)).map(record -> {
            List<TaskRecord> tasks = new ArrayList<>();
            Json.body(record).path("taskIds").forEach(id -> store.get(EcsKinds.TASK, TaskRecord.id(cluster, id.asText()))
                    .ifPresent(task -> tasks.add(new TaskRecord(task))));
            return tasks;
        }).orElse(List.of());
    }

    private static JsonNode tasksAndFailures(RequestContext context, String cluster, List<TaskRecord> tasks,
                                             Map<String, String> failures) {
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode rendered = output.putArray("tasks");
        tasks.forEach(task -> rendered.add(TaskRenderer.render(arns, task, false)));
        ArrayNode failureList = output.putArray("failures");
        failures.forEach((instanceId, reason) -> failureList.addObject()
                .put("arn", arns.containerInstance(cluster, instanceId))
                .put("reason", reason));
        return output;
    }
}
