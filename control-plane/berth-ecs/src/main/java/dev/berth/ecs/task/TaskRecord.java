package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.instance.Reservation;
import dev.berth.store.Record;

/**
 * A task as stored (kind {@code ecs.task}, id {@code cluster/taskId}, secondary key
 * {@code cluster/instanceId}). The API writes what is desired (desiredStatus, a user's stop
 * reason); the instance's agent writes what it observes (lastStatus, containers, timestamps);
 * both go through optimistic concurrency on the record. Timestamps are epoch milliseconds.
 *
 * <pre>
 * {"taskId", "cluster", "containerInstanceId", "taskDefinition": "family:revision",
 *  "definition": {the effective task definition}, "overrides", "group", "startedBy", "launchType",
 *  "cpu", "memory", "desiredStatus", "lastStatus", "createdAt", "pullStartedAt", "pullStoppedAt",
 *  "startedAt", "stoppingAt", "executionStoppedAt", "stoppedAt", "stopCode", "stoppedReason",
 *  "healthStatus", "containers": [..], "tags": [..], "version", "reservation", "released",
 *  "availabilityZone", "privateIpv4Address"}
 * </pre>
 */
public final class TaskRecord {
    /**
     * The health of the task's load-balancer targets, kept by the ELB link: UNKNOWN until every
     * target is healthy (set at launch for a service behind a load balancer), HEALTHY, UNHEALTHY.
     */
    public static final String LOAD_BALANCER_HEALTH = "loadBalancerHealth";
    /** With LOAD_BALANCER_HEALTH UNHEALTHY: the ARN of the target group whose checks the task fails. */
    public static final String UNHEALTHY_IN = "loadBalancerUnhealthyIn";

    private final Record record;
    private final ObjectNode body;

    public TaskRecord(Record record) {
        this.record = record;
        this.body = Json.body(record);
    }

    public static String id(String cluster, String taskId) {
        return EcsKinds.inCluster(cluster, taskId);
    }

    public Record record() {
        return record;
    }

    public ObjectNode body() {
        return body;
    }

    public String taskId() {
        return body.path("taskId").asText();
    }

    public String cluster() {
        return body.path("cluster").asText();
    }

    public String instanceId() {
        return body.path("containerInstanceId").asText();
    }

    public String instanceRecordId() {
        return InstanceRecord.id(cluster(), instanceId());
    }

    public TaskStatus lastStatus() {
        return TaskStatus.of(body.path("lastStatus").asText());
    }

    public String desiredStatus() {
        return body.path("desiredStatus").asText();
    }

    /**
     * The change index of the last change to what is desired of the task (its creation, a stop);
     * what the agent reports does not move it, so an agent's own reports do not wake its poll.
     */
    public long desiredIndex() {
        return body.path("desiredIndex").asLong(record.changeIndex());
    }

    public ObjectNode definition() {
        return (ObjectNode) body.get("definition");
    }

    public Reservation reservation() {
        return Reservation.fromJson(body.path("reservation"));
    }

    /** Whether the reservation has been given back to the instance (done once, when the task stops). */
    public boolean released() {
        return body.path("released").asBoolean(false);
    }

    /** ECS's {@code version} of a task: it grows with every change a user could see. */
    public void bumpVersion() {
        body.put("version", body.path("version").asLong(0) + 1);
    }
}
