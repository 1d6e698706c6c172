package dev.berth.ecs.controller;

import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.store.ConflictException;
import dev.berth.store.ListQuery;
import dev.berth.store.Store;
import java.time.Duration;
import java.time.Instant;

/**
 * Forgets tasks that stopped more than {@code retention} ago (24 hours by default: ECS keeps them
 * about an hour, and its users lose the evidence of a failure), and RunTask idempotency tokens as
 * old.
 */
public final class TaskRetention implements Controller {
    private static final int PAGE = 500;

    private final Store store;
    private final Duration retention;

    public TaskRetention(Store store, Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    @Override
    public String name() {
        return "task-retention";
    }

    @Override
    public Duration interval() {
        return Duration.ofMillis(Math.max(1_000, Math.min(60_000, retention.toMillis() / 10)));
    }

    @Override
    public void pass(Instant now) {
        long cutoff = now.toEpochMilli() - retention.toMillis();
        purge(EcsKinds.TASK, "stoppedAt", cutoff);
        purge(EcsKinds.RUN_TASK_TOKEN, "createdAt", cutoff);
    }

    private void purge(String kind, String timeField, long cutoff) {
        ListQuery.all(kind, PAGE).scan(store::list, record -> {
            long at = Json.body(record).path(timeField).asLong(Long.MAX_VALUE);
            if (at < cutoff) {
                try {
                    store.write(tx -> {
                        tx.delete(kind, record.id(), record.version());
                        return null;
                    });
                } catch (ConflictException changedMeanwhile) {
                    // looked at again next pass
                }
            }
        });
    }
}
