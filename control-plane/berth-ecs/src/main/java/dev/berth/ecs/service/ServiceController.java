package dev.berth.ecs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.domain.id.IdGenerator;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.validation.FieldPath;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.service.rollout.Decision;
import dev.berth.ecs.service.rollout.InstanceView;
import dev.berth.ecs.service.rollout.Reconciler;
import dev.berth.ecs.service.rollout.TaskView;
import dev.berth.ecs.task.PlacementSpec;
import dev.berth.ecs.task.TaskLauncher;
import dev.berth.ecs.task.TaskRecord;
import dev.berth.ecs.task.TaskStopper;
import dev.berth.ecs.taskdefinition.RunnableTaskDefinition;
import dev.berth.ecs.taskdefinition.TaskDefinitionOperations;
import dev.berth.store.ConflictException;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service scheduler's loop: for every ACTIVE or DRAINING service, reads it, its tasks and its
 * cluster's instances, asks {@link Reconciler} what to do, and writes the stops, the new tasks
 * (placed, with their instances' reservations) and the service's new state in one transaction,
 * re-deciding inside it, so a crash or a concurrent writer never leaves a task the service does
 * not know about or an invariant half-applied. Which services need that is decided on a
 * {@link ServiceCache} that follows the store's changes, so a pass over settled services reads
 * only what changed since the last one and writes nothing.
 * Wakes on every store change (a task's report, an UpdateService) and at least every second.
 */
public final class ServiceController implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceController.class);
    private static final int PAGE = 500;
    private static final int WRITE_ATTEMPTS = 5;
    private static final Duration REPEAT_COMPLAINTS_AFTER = Duration.ofHours(6);
    private static final String TROUBLESHOOTING = " For more information, see the Troubleshooting section of the Amazon ECS "
            + "Developer Guide.";

    private final Store store;
    private final TaskDefinitionOperations taskDefinitions;
    private final TaskLauncher launcher;
    private final ServiceCache cache;
    private final IdGenerator ids;
    private final RandomGenerator random;

    public ServiceController(Store store, TaskDefinitionOperations taskDefinitions, IdGenerator ids, RandomGenerator random) {
        this.store = store;
        this.taskDefinitions = taskDefinitions;
        this.launcher = new TaskLauncher(ids);
        this.cache = new ServiceCache(store);
        this.ids = ids;
        this.random = random;
    }

    @Override
    public String name() {
        return "services";
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public boolean wakesOnChanges() {
        return true;
    }

    @Override
    public void pass(Instant now) {
        cache.refresh();
        for (ServiceRecord service : cache.services()) {
            try {
                if (!quiet(service, cache.instances(service.cluster()), now)) {
                    store.writeRetrying(WRITE_ATTEMPTS, tx -> reconcile(tx, service.record().id(), now));
                }
            } catch (ConflictException busy) {
                // Others kept writing the same records: the next pass decides again.
            } catch (RuntimeException e) {
                LOG.warn("service {}: the scheduler's pass failed; retrying next pass", service.record().id(), e);
            }
        }
    }

    /** Decides on the cached view: whether anything would change, without taking the store's write lock. */
    private boolean quiet(ServiceRecord service, List<InstanceRecord> instances, Instant now) {
        Decision decision = Reconciler.decide(service.spec(), service.state(), cache.tasks(service),
                views(service, instances), now);
        return decision.changesNothing(service.state()) && !drained(service, decision);
    }

    private Void reconcile(Transaction tx, String serviceId, Instant now) {
        Optional<Record> read = tx.get(EcsKinds.SERVICE, serviceId);
        if (read.isEmpty()) {
            return null;
        }
        ServiceRecord service = new ServiceRecord(read.get());
        if (service.status().equals("INACTIVE")) {
            return null;
        }
        List<InstanceRecord> instances = instances(tx::list, service.cluster());
        Decision decision = Reconciler.decide(service.spec(), service.state(), tasks(id -> tx.get(EcsKinds.TASK, id), service),
                views(service, instances), now);
        List<String> events = new ArrayList<>(decision.events());
        for (Decision.Stop stop : decision.stops()) {
            TaskStopper.requestStop(tx, TaskRecord.id(service.cluster(), stop.taskId()), "ServiceSchedulerInitiated",
                    stop.reason(), now);
        }
        List<String> taskIds = new ArrayList<>(service.taskIds());
        taskIds.removeAll(decision.forget());
        for (Decision.Launch launch : decision.launches()) {
            taskIds.addAll(launch(tx, service, launch, events, now));
        }
        service.setTaskIds(taskIds);
        service.setState(decision.next());
        if (service.daemon() && service.status().equals("ACTIVE")) {
            service.body().put("desiredCount", decision.next().primary().desiredCount());
        }
        for (String message : events) {
            boolean complaint = message.contains(" was unable to ") || message.contains(" is unable to ");
            if (!complaint || !service.postedSince(message, now.minus(REPEAT_COMPLAINTS_AFTER))) {
                service.addEvent(IdGenerator.asUuid(ids.newId()), now, message);
            }
        }
        if (drained(service, decision) && taskIds.isEmpty()) {
            service.body().put("status", "INACTIVE");
            LOG.info("service {} in cluster {}: deleted, all its tasks stopped", service.name(), service.cluster());
        }
        String body = Json.text(service.body());
        if (!body.equals(service.record().body())) {
            // A decision that changes nothing writes nothing: a write would wake every controller and agent again.
            tx.put(EcsKinds.SERVICE, service.record().id(), body, service.record().version());
        }
        return null;
    }

    private static boolean drained(ServiceRecord service, Decision decision) {
        return service.status().equals("DRAINING") && decision.launches().isEmpty()
                && decision.forget().containsAll(service.taskIds());
    }

    /** Places one launch decision; returns the ids of the tasks written. Unplaced copies become an event. */
    private List<String> launch(Transaction tx, ServiceRecord service, Decision.Launch launch, List<String> events,
                                Instant now) {
        String prefix = "(service " + service.name() + ") was unable to place a task";
        String[] familyRevision = launch.taskDefinition().split(":");
        Optional<RunnableTaskDefinition> found = taskDefinitions.revision(familyRevision[0], Long.parseLong(familyRevision[1]));
        if (found.isEmpty()) {
            events.add(prefix + ". Reason: its task definition " + launch.taskDefinition() + " has been deleted.");
            return List.of();
        }
        RunnableTaskDefinition definition = found.get();
        JsonNode body = service.body();
        TaskLauncher.NewTasks request = TaskLauncher.prepare(definition, null, service.group(), launch.deploymentId(),
                launch.provider() == null ? body.path("launchType").asText("EC2") : null, propagatedTags(service, definition),
                body.path("enableExecuteCommand").asBoolean(false), launch.provider(), loadBalanced(service));
        List<InstanceRecord> instances = new ArrayList<>(TaskLauncher.eligibleInstances(tx, service.cluster(),
                launch.instanceId()));
        instances.removeIf(instance -> !CapacityProviders.serves(launch.provider(), instance));
        if (instances.isEmpty()) {
            events.add(prefix + " because no container instance met all of its requirements. Reason: No Container Instances "
                    + "were found in your " + (launch.provider() == null ? "cluster." : "capacity provider.") + TROUBLESHOOTING);
            return List.of();
        }
        PlacementSpec placement = placement(service, definition.definition(), launch.instanceId() != null);
        TaskLauncher.Placed placed = launcher.launch(tx, request, instances, launch.count(), placement, random.nextLong(), now);
        List<String> started = new ArrayList<>();
        placed.tasks().forEach(task -> started.add(task.taskId()));
        if (!started.isEmpty()) {
            StringBuilder message = new StringBuilder("(service " + service.name() + ") has started " + started.size()
                    + " tasks:");
            started.forEach(id -> message.append(" (task ").append(id).append(')'));
            events.add(message.append('.').toString());
        }
        if (started.size() < launch.count() && !placed.failures().isEmpty()) {
            Map.Entry<String, String> closest = placed.failures().entrySet().iterator().next();
            events.add(prefix + " because no container instance met all of its requirements. The closest matching "
                    + "(container-instance " + closest.getKey() + ") " + unmet(closest.getValue()) + TROUBLESHOOTING);
        }
        return started;
    }

    /** Whether the service registers its tasks with target groups. */
    public static boolean loadBalanced(ServiceRecord service) {
        for (JsonNode balancer : service.body().path("loadBalancers")) {
            if (balancer.hasNonNull("targetGroupArn")) {
                return true;
            }
        }
        return false;
    }

    private static String unmet(String reason) {
        return switch (reason) {
            case "RESOURCE:MEMORY" -> "has insufficient memory available.";
            case "RESOURCE:CPU" -> "has insufficient CPU units available.";
            case "RESOURCE:PORTS", "RESOURCE:PORTS_UDP" -> "is already using a port required by your task.";
            case "ATTRIBUTE" -> "is missing an attribute required by your task.";
            default -> "encountered error \"" + reason + "\".";
        };
    }

    private static Tags propagatedTags(ServiceRecord service, RunnableTaskDefinition definition) {
        return switch (service.body().path("propagateTags").asText("NONE")) {
            case "SERVICE" -> Tags.parse(service.body().get("tags"), FieldPath.of("tags"));
            case "TASK_DEFINITION" -> definition.tags();
            default -> Tags.parse(null, FieldPath.of("tags"));
        };
    }

    /**
     * The service's placement; with no strategy, ECS's default for services: spread over
     * availability zones, then over instances. A DAEMON task goes to one named instance.
     */
    static PlacementSpec placement(ServiceRecord service, JsonNode definition, boolean daemon) {
        JsonNode strategy = service.body().path("placementStrategy");
        if (!daemon && strategy.isEmpty()) {
            ArrayNode spread = Json.object().arrayNode();
            spread.addObject().put("type", "spread").put("field", "attribute:ecs.availability-zone");
            spread.addObject().put("type", "spread").put("field", "instanceId");
            strategy = spread;
        }
        return PlacementSpec.read(strategy, service.body().path("placementConstraints"), definition.path("placementConstraints"));
    }

    private List<TaskView> tasks(Function<String, Optional<Record>> read, ServiceRecord service) {
        List<TaskView> tasks = new ArrayList<>();
        for (String taskId : service.taskIds()) {
            tasks.add(read.apply(TaskRecord.id(service.cluster(), taskId))
                    .map(record -> ServiceViews.task(new TaskRecord(record)))
                    .orElseGet(() -> ServiceViews.gone(taskId)));
        }
        return tasks;
    }

    private Map<String, InstanceView> views(ServiceRecord service, List<InstanceRecord> instances) {
        Map<String, InstanceView> views = new LinkedHashMap<>();
        if (!service.daemon()) {
            instances.forEach(instance -> views.put(instance.instanceId(),
                    ServiceViews.instance(instance, List.of(), Set.of())));
            return views;
        }
        // A DAEMON's eligibility depends on its PRIMARY's task definition: its constraints and required attributes.
        String primary = service.state().primary().taskDefinition();
        String[] familyRevision = primary.split(":");
        Optional<RunnableTaskDefinition> definition = taskDefinitions.revision(familyRevision[0],
                Long.parseLong(familyRevision[1]));
        PlacementSpec placement = placement(service, definition.map(RunnableTaskDefinition::definition)
                .map(JsonNode.class::cast).orElse(Json.object()), true);
        Set<String> required = new HashSet<>();
        definition.ifPresent(found -> found.definition().path("requiresAttributes")
                .forEach(attribute -> required.add(attribute.path("name").asText())));
        instances.forEach(instance -> views.put(instance.instanceId(),
                ServiceViews.instance(instance, placement.constraints(), required)));
        return views;
    }

    private static List<InstanceRecord> instances(Function<ListQuery, List<Record>> list, String cluster) {
        List<InstanceRecord> instances = new ArrayList<>();
        ListQuery.prefix(EcsKinds.CONTAINER_INSTANCE, cluster + "/", PAGE).scan(list,
                record -> instances.add(new InstanceRecord(record)));
        return instances;
    }
}
