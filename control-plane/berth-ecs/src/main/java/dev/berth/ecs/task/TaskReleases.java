package dev.berth.ecs.task;

import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.store.Transaction;

/** Gives a stopped task's reservation back to its instance, exactly once, inside the caller's transaction. */
public final class TaskReleases {
    private TaskReleases() {
    }

    /** Marks the task released (the caller writes the task) and writes the instance. */
    public static void release(Transaction tx, TaskRecord task) {
        if (task.released()) {
            return;
        }
        task.body().put("released", true);
        tx.get(EcsKinds.CONTAINER_INSTANCE, task.instanceRecordId()).ifPresent(record -> {
            InstanceRecord instance = new InstanceRecord(record);
            instance.release(task.reservation());
            tx.put(EcsKinds.CONTAINER_INSTANCE, record.id(), Json.text(instance.body()), record.version());
        });
    }
}
