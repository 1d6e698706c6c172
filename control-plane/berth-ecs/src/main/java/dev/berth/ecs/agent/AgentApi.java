package dev.berth.ecs.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.instance.InstanceRegistration;
import dev.berth.ecs.instance.InstanceRegistry;
import dev.berth.ecs.task.TaskObservations;
import dev.berth.ecs.task.TaskRecord;
import dev.berth.ecs.task.TaskReleases;
import dev.berth.ecs.task.TaskStatus;
import dev.berth.node.protocol.DesiredState;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.RegisterResponse;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.ReportAck;
import dev.berth.node.protocol.TaskAssignment;
import dev.berth.node.protocol.TaskReport;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's side of the agent protocol (docs/agent-protocol.md): registration, the
 * long-poll for an instance's desired tasks, and reports of what the agent observes.
 * Thread-safe; polls block their (virtual) thread.
 */
public final class AgentApi {
    /** The task member that lists the load-balancer targets a task is registered as (ids of elb.target records). */
    public static final String LOAD_BALANCER_TARGETS = "loadBalancerTargets";
    private static final int WRITE_ATTEMPTS = 20;
    private static final int PAGE = 500;
    private static final HexFormat HEX = HexFormat.of();

    private final Store store;
    private final InstanceRegistry registry;
    private final Clock clock;
    private final Duration heartbeat;
    private final SecureRandom secrets = new SecureRandom();

    public AgentApi(Store store, InstanceRegistry registry, Clock clock, Duration heartbeat) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    public RegisterResponse register(RegisterRequest request) {
        byte[] secret = new byte[32];
        secrets.nextBytes(secret);
        String secretText = HEX.formatHex(secret);
        InstanceRecord instance = registry.register(new InstanceRegistration(request.cluster(), request.containerInstanceId(),
                request.hostname(), request.cpu(), request.memory(), nonNull(request.reservedTcpPorts()),
                nonNull(request.reservedUdpPorts()), request.attributes() == null ? java.util.Map.of() : request.attributes(),
                request.agentVersion(), request.dockerVersion(), request.capacityType()), clock.instant(), sha256(secretText));
        String token = instance.record().id() + ":" + secretText;
        return new RegisterResponse(instance.cluster(), instance.instanceId(), token, (int) heartbeat.toSeconds());
    }

    /** The instance a token belongs to, if the token is valid and the instance not deregistered. */
    public Optional<InstanceRecord> authenticate(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int colon = token.lastIndexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        String recordId = token.substring(0, colon);
        String hash = sha256(token.substring(colon + 1));
        return store.get(EcsKinds.CONTAINER_INSTANCE, recordId).map(InstanceRecord::new)
                .filter(instance -> MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                        instance.body().path("tokenHash").asText().getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Answers as soon as what is desired of this instance's tasks (or its status) changed after
     * {@code after}, or when {@code wait} has passed, with the full desired set either way. What the
     * agent itself reported does not count: it knows that already.
     */
    public DesiredState desired(String instanceRecordId, long after, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long index = store.currentIndex();
            Snapshot snapshot = snapshot(instanceRecordId);
            long remaining = deadline - System.nanoTime();
            if (snapshot.newest() > after || remaining <= 0) {
                return new DesiredState(index, snapshot.status(), snapshot.tasks());
            }
            store.awaitIndex(index, Duration.ofNanos(remaining));
        }
    }

    private record Snapshot(long newest, String status, List<TaskAssignment> tasks) {
    }

    /**
     * What the agent is told: a task stopping while its load-balancer targets drain keeps running
     * until the ELB link has seen them drained and lets it go (it then bumps desiredIndex).
     */
    private static String desiredStatus(TaskRecord task) {
        if (task.desiredStatus().equals("STOPPED") && !task.body().path(LOAD_BALANCER_TARGETS).isEmpty()) {
            return "RUNNING";
        }
        return task.desiredStatus();
    }

    private Snapshot snapshot(String instanceRecordId) {
        InstanceRecord instance = store.get(EcsKinds.CONTAINER_INSTANCE, instanceRecordId).map(InstanceRecord::new)
                .orElseThrow(() -> new IllegalStateException("instance " + instanceRecordId + " vanished"));
        long newest = instance.body().path("statusIndex").asLong();
        List<TaskAssignment> tasks = new ArrayList<>();
        ListQuery query = ListQuery.all(EcsKinds.TASK, PAGE).withIndexKey(instanceRecordId);
        while (true) {
            List<Record> page = store.list(query);
            for (Record record : page) {
                TaskRecord task = new TaskRecord(record);
                newest = Math.max(newest, task.desiredIndex());
                if (task.lastStatus() != TaskStatus.STOPPED) {
                    ObjectNode body = task.body();
                    tasks.add(new TaskAssignment(task.taskId(), body.path("taskArn").asText(null), desiredStatus(task),
                            task.definition(), Json.string(body, "stopCode"), Json.string(body, "stoppedReason")));
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            query = query.after(page.get(page.size() - 1).id());
        }
        return new Snapshot(newest, instance.status(), tasks);
    }

    /** Folds a report into the tasks it covers and counts it as a heartbeat; one transaction. */
    public ReportAck report(String instanceRecordId, Report report) {
        Instant now = clock.instant();
        return store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            InstanceRecord instance = tx.get(EcsKinds.CONTAINER_INSTANCE, instanceRecordId).map(InstanceRecord::new)
                    .orElseThrow(() -> new IllegalStateException("instance " + instanceRecordId + " vanished"));
            for (TaskReport observed : report.tasks() == null ? List.<TaskReport>of() : report.tasks()) {
                Optional<TaskRecord> stored = tx.get(EcsKinds.TASK, TaskRecord.id(instance.cluster(), observed.taskId()))
                        .map(TaskRecord::new)
                        .filter(task -> task.instanceId().equals(instance.instanceId()));
                if (stored.isEmpty()) {
                    continue; // not this instance's (or already purged): nothing to record
                }
                TaskRecord task = stored.get();
                if (TaskObservations.apply(task.body(), observed)) {
                    if (task.lastStatus() == TaskStatus.STOPPED) {
                        TaskReleases.release(tx, task);
                    }
                    tx.put(EcsKinds.TASK, task.record().id(), Json.text(task.body()), task.record().version());
                }
            }
            InstanceRecord current = tx.get(EcsKinds.CONTAINER_INSTANCE, instanceRecordId).map(InstanceRecord::new).orElseThrow();
            ObjectNode body = current.body();
            long last = body.path("lastHeartbeatAt").asLong(0);
            // A heartbeat is written at most every half interval: enough for liveness, little churn.
            if (!current.agentConnected() || now.toEpochMilli() - last >= heartbeat.toMillis() / 2) {
                body.put("lastHeartbeatAt", now.toEpochMilli());
                if (!current.agentConnected() && !current.status().equals("INACTIVE")) {
                    body.put("agentConnected", true);
                    body.remove("disconnectedAt");
                    current.bumpVersion();
                }
                tx.put(EcsKinds.CONTAINER_INSTANCE, instanceRecordId, Json.text(body), current.record().version());
            }
            return new ReportAck(tx.changeIndex(), current.status());
        });
    }

    static String sha256(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static List<Integer> nonNull(List<Integer> ports) {
        return ports == null ? List.of() : ports;
    }
}
