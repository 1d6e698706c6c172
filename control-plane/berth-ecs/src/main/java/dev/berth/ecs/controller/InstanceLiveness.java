package dev.berth.ecs.controller;

import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.instance.TaskCounts;
import dev.berth.ecs.task.TaskStopper;
import dev.berth.store.ConflictException;
import dev.berth.store.ListQuery;
import dev.berth.store.Store;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices agents that stopped reporting. An instance silent for longer than {@code timeout} is
 * marked {@code agentConnected=false} (no new task is placed on it); one still silent after a
 * further {@code grace} has its tasks recorded STOPPED with a reason that says so, which frees its
 * resources and lets services replace them. An agent that comes back reconnects by reporting;
 * it then stops any containers of tasks it finds STOPPED.
 */
public final class InstanceLiveness implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLiveness.class);
    private static final int PAGE = 500;

    private final Store store;
    private final TaskStopper stopper;
    private final Duration timeout;
    private final Duration grace;

    public InstanceLiveness(Store store, TaskStopper stopper, Duration timeout, Duration grace) {
        this.store = store;
        this.stopper = stopper;
        this.timeout = timeout;
        this.grace = grace;
    }

    @Override
    public String name() {
        return "instance-liveness";
    }

    @Override
    public Duration interval() {
        return Duration.ofMillis(Math.max(500, Math.min(timeout.toMillis(), grace.toMillis()) / 4));
    }

    @Override
    public void pass(Instant now) {
        ListQuery.all(EcsKinds.CONTAINER_INSTANCE, PAGE).scan(store::list, record -> check(new InstanceRecord(record), now));
    }

    private void check(InstanceRecord instance, Instant now) {
        if (instance.status().equals("INACTIVE")) {
            return;
        }
        long silentFor = now.toEpochMilli() - instance.body().path("lastHeartbeatAt").asLong(now.toEpochMilli());
        try {
            if (instance.agentConnected() && silentFor > timeout.toMillis()) {
                instance.body().put("agentConnected", false);
                instance.body().put("disconnectedAt", now.toEpochMilli());
                instance.bumpVersion();
                store.write(tx -> tx.put(EcsKinds.CONTAINER_INSTANCE, instance.record().id(), Json.text(instance.body()),
                        instance.record().version()));
                LOG.warn("container instance {} ({}): no heartbeat for {} s; agent disconnected", instance.instanceId(),
                        instance.body().path("hostname").asText(), silentFor / 1000);
            } else if (!instance.agentConnected() && silentFor > timeout.toMillis() + grace.toMillis()
                    && TaskCounts.of(store, instance.cluster(), instance.instanceId()).active() > 0) {
                int stopped = stopper.stopAllOn(instance.cluster(), instance.instanceId(), "TerminationNotice",
                        "Container instance " + instance.instanceId() + " lost contact: its agent sent no heartbeat for "
                                + silentFor / 1000 + " s, so its tasks are presumed lost.", now);
                LOG.warn("container instance {}: {} task(s) recorded STOPPED after {} s without a heartbeat",
                        instance.instanceId(), stopped, silentFor / 1000);
            }
        } catch (ConflictException racedWithTheAgent) {
            // The agent reported meanwhile: the next pass reads the new state.
        }
    }
}
