package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.agent.AgentApi;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.service.ServiceController;
import dev.berth.ecs.service.ServiceRecord;
import dev.berth.ecs.task.TaskRecord;
import dev.berth.ecs.task.TaskStatus;
import dev.berth.store.ConflictException;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ECS does with a service's {@code loadBalancers}: registers each RUNNING task as a target
 * (instance id and host port in bridge and host mode, the task's IP and container port in awsvpc),
 * copies its targets' health onto the task (where the service scheduler reads it: a new task
 * counts only once healthy, a failing one is replaced), and when a task is asked to stop,
 * deregisters its targets and holds the stop until the data plane has drained them. Targets of
 * tasks that stopped on their own are removed without draining: nothing can reach them anyway.
 */
public final class ServiceTargets implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceTargets.class);
    private static final int PAGE = 500;
    private static final int WRITE_ATTEMPTS = 5;
    /** Beyond the deregistration delay, how long a draining target may outlive its data plane's word. */
    private static final Duration DRAIN_SLACK = Duration.ofSeconds(30);

    private final Store store;
    private final IdGenerator ids;

    public ServiceTargets(Store store, IdGenerator ids) {
        this.store = store;
        this.ids = ids;
    }

    @Override
    public String name() {
        return "service-targets";
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
        List<String> services = new ArrayList<>();
        ListQuery.all(EcsKinds.SERVICE, PAGE).scan(store::list, record -> {
            ServiceRecord service = new ServiceRecord(record);
            if (!service.status().equals("INACTIVE") && ServiceController.loadBalanced(service)) {
                services.add(record.id());
            }
        });
        for (String id : services) {
            try {
                store.writeRetrying(WRITE_ATTEMPTS, tx -> link(tx, id, now));
            } catch (ConflictException busy) {
                // the next pass decides again
            } catch (RuntimeException e) {
                LOG.warn("service {}: linking its tasks to their target groups failed; retrying next pass", id, e);
            }
        }
        sweep();
    }

    private Void link(Transaction tx, String serviceId, Instant now) {
        Optional<Record> read = tx.get(EcsKinds.SERVICE, serviceId);
        if (read.isEmpty()) {
            return null;
        }
        ServiceRecord service = new ServiceRecord(read.get());
        ElbResources resources = ElbResources.of(tx);
        Map<String, List<String>> inUse = resources.loadBalancersByTargetGroup();
        Map<String, Integer> registered = new LinkedHashMap<>();
        Map<String, Integer> deregistered = new LinkedHashMap<>();
        int draining = 0;
        for (String taskId : service.taskIds()) {
            Optional<Record> taskRecord = tx.get(EcsKinds.TASK, TaskRecord.id(service.cluster(), taskId));
            if (taskRecord.isEmpty()) {
                continue;
            }
            TaskRecord task = new TaskRecord(taskRecord.get());
            ObjectNode body = task.body();
            String before = Json.text(body);
            Set<String> targets = new LinkedHashSet<>();
            body.path(AgentApi.LOAD_BALANCER_TARGETS).forEach(target -> targets.add(target.asText()));
            if (task.lastStatus() == TaskStatus.STOPPED) {
                for (String target : targets) {
                    tx.get(ElbKinds.TARGET, target).ifPresent(record -> tx.delete(ElbKinds.TARGET, record.id(),
                            record.version()));
                }
                body.remove(AgentApi.LOAD_BALANCER_TARGETS);
            } else if (task.desiredStatus().equals("STOPPED")) {
                boolean began = false;
                Set<String> remaining = new LinkedHashSet<>();
                for (String target : targets) {
                    Optional<Record> record = tx.get(ElbKinds.TARGET, target);
                    if (record.isEmpty()) {
                        continue;
                    }
                    ObjectNode targetBody = Json.body(record.get());
                    if (TargetOperations.drain(tx, record.get(), now)) {
                        began = true;
                        deregistered.merge(targetBody.path("_targetGroupArn").asText(), 1, Integer::sum);
                        remaining.add(target);
                    } else if (overdue(tx, targetBody, now)) {
                        tx.delete(ElbKinds.TARGET, record.get().id(), record.get().version());
                    } else {
                        remaining.add(target);
                    }
                }
                draining += began ? 1 : 0;
                if (remaining.isEmpty() && !targets.isEmpty()) {
                    // drained: the agent may stop it now; desiredIndex wakes the agent's long-poll
                    body.remove(AgentApi.LOAD_BALANCER_TARGETS);
                    body.put("desiredIndex", tx.changeIndex());
                }
            } else if (task.lastStatus() == TaskStatus.RUNNING) {
                for (JsonNode balancer : service.body().path("loadBalancers")) {
                    register(tx, resources, inUse, service, task, balancer, now, targets, registered);
                }
                ArrayNode list = body.putArray(AgentApi.LOAD_BALANCER_TARGETS);
                targets.forEach(list::add);
                health(tx, body, targets);
            }
            String after = Json.text(body);
            if (!after.equals(before)) {
                tx.put(EcsKinds.TASK, task.record().id(), after, task.record().version());
            }
        }
        List<String> events = new ArrayList<>();
        String prefix = "(service " + service.name() + ")";
        registered.forEach((group, count) -> events.add(prefix + " registered " + count + " targets in (target-group "
                + group + ")"));
        deregistered.forEach((group, count) -> events.add(prefix + " deregistered " + count + " targets in (target-group "
                + group + ")"));
        if (draining > 0) {
            events.add(prefix + " has begun draining connections on " + draining + " tasks.");
        }
        if (!events.isEmpty()) {
            events.forEach(message -> service.addEvent(IdGenerator.asUuid(ids.newId()), now, message));
            tx.put(EcsKinds.SERVICE, service.record().id(), Json.text(service.body()), service.record().version());
        }
        return null;
    }

    /** Registers the task's binding for one of the service's load balancers, once the agent has reported it. */
    private static void register(Transaction tx, ElbResources resources, Map<String, List<String>> inUse,
                                 ServiceRecord service, TaskRecord task, JsonNode balancer, Instant now, Set<String> targets,
                                 Map<String, Integer> registered) {
        if (!balancer.hasNonNull("targetGroupArn")) {
            return;
        }
        String groupArn = balancer.get("targetGroupArn").asText();
        Record group;
        try {
            group = resources.targetGroup(groupArn);
        } catch (ApiException deleted) {
            return; // a target group deleted under the service: nothing to register with
        }
        String container = balancer.path("containerName").asText();
        int containerPort = balancer.path("containerPort").asInt();
        ObjectNode body = task.body();
        String id;
        String host;
        int port;
        if (body.hasNonNull("privateIpv4Address")) {
            host = body.get("privateIpv4Address").asText();
            id = host;
            port = containerPort;
        } else {
            Integer hostPort = hostPort(body, container, containerPort);
            Optional<Record> instance = tx.get(EcsKinds.CONTAINER_INSTANCE, task.instanceRecordId());
            if (hostPort == null || instance.isEmpty()) {
                return; // not reported yet
            }
            InstanceRecord instanceRecord = new InstanceRecord(instance.get());
            host = TargetOperations.addressOf(instanceRecord);
            port = hostPort;
            id = Json.body(group).path("TargetType").asText().equals("ip") ? host
                    : instanceRecord.body().path("ec2InstanceId").asText();
        }
        String target = ElbKinds.targetId(group.id(), id, port);
        // Registered once: a target someone deregistered by hand stays deregistered, as on ECS.
        if (!targets.contains(target)
                && TargetOperations.register(tx, group, id, port, host, task.record().id(), inUse.containsKey(groupArn), now)) {
            registered.merge(groupArn, 1, Integer::sum);
        }
        targets.add(target);
    }

    private static Integer hostPort(ObjectNode task, String container, int containerPort) {
        for (JsonNode reported : task.path("containers")) {
            if (!reported.path("name").asText().equals(container)) {
                continue;
            }
            for (JsonNode binding : reported.path("networkBindings")) {
                if (binding.path("containerPort").asInt() == containerPort && binding.path("hostPort").asInt() > 0) {
                    return binding.get("hostPort").asInt();
                }
            }
        }
        return null;
    }

    /** The task's summary of its targets' health, where the service scheduler reads it. */
    private static void health(Transaction tx, ObjectNode task, Set<String> targets) {
        String summary = targets.isEmpty() ? "UNKNOWN" : "HEALTHY";
        String failing = null;
        for (String target : targets) {
            Optional<Record> record = tx.get(ElbKinds.TARGET, target);
            ObjectNode body = record.map(Json::body).orElse(Json.object());
            String state = body.path("_health").path("State").asText("initial");
            if (state.equals("unhealthy")) {
                summary = "UNHEALTHY";
                failing = body.path("_targetGroupArn").asText();
                break;
            }
            if (!state.equals("healthy") && !state.equals("unavailable")) {
                summary = "UNKNOWN";
            }
        }
        task.put(TaskRecord.LOAD_BALANCER_HEALTH, summary);
        if (failing != null) {
            task.put(TaskRecord.UNHEALTHY_IN, failing);
        } else {
            task.remove(TaskRecord.UNHEALTHY_IN);
        }
    }

    /** A draining target kept past its group's deregistration delay and some slack: the data plane is not draining it. */
    private static boolean overdue(Transaction tx, ObjectNode target, Instant now) {
        long delay = tx.get(ElbKinds.TARGET_GROUP, ElbArns.targetGroupName(target.path("_targetGroupArn").asText()))
                .map(group -> Json.body(group).path("_attributes").path(TargetGroupOperations.DEREGISTRATION_DELAY)
                        .asLong(300))
                .orElse(0L);
        Instant since = Instant.ofEpochMilli(target.path("_drainingSince").asLong(now.toEpochMilli()));
        return now.isAfter(since.plusSeconds(delay).plus(DRAIN_SLACK));
    }

    /**
     * Removes targets of tasks that are gone or stopped (a task the service forgot, a deleted
     * service). Looked for with plain reads: the write lock is taken only when there is one.
     */
    private void sweep() {
        List<Record> orphans = new ArrayList<>();
        ListQuery.all(ElbKinds.TARGET, PAGE).scan(store::list, record -> {
            ObjectNode body = Json.body(record);
            if (body.hasNonNull("_task") && !taskLives(store.get(EcsKinds.TASK, body.get("_task").asText()))) {
                orphans.add(record);
            }
        });
        for (Record orphan : orphans) {
            try {
                store.write(tx -> {
                    tx.delete(ElbKinds.TARGET, orphan.id(), orphan.version());
                    return null;
                });
            } catch (ConflictException changedOrGoneMeanwhile) {
                // looked at again next pass
            }
        }
    }

    private static boolean taskLives(Optional<Record> task) {
        return task.isPresent() && new TaskRecord(task.get()).lastStatus() != TaskStatus.STOPPED;
    }
}
