package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asks tasks to stop. A task whose agent is reachable gets desiredStatus STOPPED and its agent
 * does the stopping; a task whose agent is gone (its instance deregistered or silent past the
 * grace) is recorded STOPPED directly, its reservation given back. Thread-safe.
 */
public final class TaskStopper {
    private static final int WRITE_ATTEMPTS = 10;

    private final Store store;

    public TaskStopper(Store store) {
        this.store = store;
    }

    /** StopTask: the agent stops it; the reason is the caller's unless one was already recorded. */
    public Optional<TaskRecord> requestStop(String cluster, String taskId, String stopCode, String reason, Instant now) {
        return store.writeRetrying(WRITE_ATTEMPTS, tx -> requestStop(tx, TaskRecord.id(cluster, taskId), stopCode, reason, now));
    }

    /** The same inside the caller's transaction. Stopping twice changes nothing. */
    public static Optional<TaskRecord> requestStop(Transaction tx, String taskRecordId, String stopCode, String reason,
                                                   Instant now) {
        Optional<Record> record = tx.get(EcsKinds.TASK, taskRecordId);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        TaskRecord task = new TaskRecord(record.get());
        if (task.desiredStatus().equals("STOPPED")) {
            return Optional.of(task);
        }
        markStopping(task.body(), stopCode, reason, now);
        task.body().put("desiredIndex", tx.changeIndex());
        task.bumpVersion();
        return Optional.of(new TaskRecord(tx.put(EcsKinds.TASK, task.record().id(), Json.text(task.body()),
                task.record().version())));
    }

    /** Records every task of an instance STOPPED without its agent, and frees the instance. */
    public int stopAllOn(String cluster, String instanceId, String stopCode, String reason, Instant now) {
        return store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            List<Record> tasks = tx.list(ListQuery.all(EcsKinds.TASK, 10_000)
                    .withIndexKey(InstanceRecord.id(cluster, instanceId)));
            int stopped = 0;
            for (Record record : tasks) {
                TaskRecord task = new TaskRecord(record);
                if (task.lastStatus() == TaskStatus.STOPPED) {
                    continue;
                }
                ObjectNode body = task.body();
                markStopping(body, stopCode, reason, now);
                body.put("desiredIndex", tx.changeIndex());
                body.put("lastStatus", TaskStatus.STOPPED.name());
                body.put("executionStoppedAt", now.toEpochMilli());
                body.put("stoppedAt", now.toEpochMilli());
                for (JsonNode container : body.path("containers")) {
                    ((ObjectNode) container).put("lastStatus", "STOPPED");
                }
                task.bumpVersion();
                TaskReleases.release(tx, task);
                tx.put(EcsKinds.TASK, record.id(), Json.text(body), record.version());
                stopped++;
            }
            return stopped;
        });
    }

    static void markStopping(ObjectNode body, String stopCode, String reason, Instant now) {
        body.put("desiredStatus", "STOPPED");
        if (!body.hasNonNull("stopCode")) {
            body.put("stopCode", stopCode);
            body.put("stoppedReason", reason);
        }
        if (!body.hasNonNull("stoppingAt")) {
            body.put("stoppingAt", now.toEpochMilli());
        }
    }
}
