package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.DataPlaneListener;
import dev.berth.lb.config.HealthCheckSpec;
import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.ListenerSpec;
import dev.berth.lb.config.RuleSpec;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge between the store and the data plane. As a controller, it reads every ELB record
 * and hands the data plane the configuration they describe, whole, whenever it differs from the
 * last one. As the data plane's listener, it records what the data plane observes: a target's
 * health on each change, and the deletion of a target once it has drained. Those writes go
 * through a queue on their own thread, so the data plane's threads never wait on the store.
 */
public final class LoadBalancing implements Controller, DataPlaneListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancing.class);
    private static final int WRITE_ATTEMPTS = 5;

    private final Store store;
    private final ElbSettings settings;
    private final Consumer<DataPlaneConfig> dataPlane;
    private final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();
    private final Thread writer;
    private DataPlaneConfig applied;

    /** @param dataPlane where configurations go ({@code DataPlane::apply}) */
    public LoadBalancing(Store store, ElbSettings settings, Consumer<DataPlaneConfig> dataPlane) {
        this.store = store;
        this.settings = settings;
        this.dataPlane = dataPlane;
        this.writer = Thread.ofVirtual().name("berth-lb-health-writer").start(this::write);
    }

    @Override
    public String name() {
        return "load-balancers";
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
        DataPlaneConfig config = read();
        if (!config.equals(applied)) {
            dataPlane.accept(config);
            applied = config;
        }
    }

    /** The configuration the store describes now. */
    DataPlaneConfig read() {
        ElbResources resources = ElbResources.of(store);
        List<ListenerSpec> listeners = new ArrayList<>();
        for (Record listener : resources.all(ElbKinds.LISTENER, "")) {
            ObjectNode body = Json.body(listener);
            List<RuleSpec> rules = new ArrayList<>();
            for (Record rule : ListenerOperations.ordered(resources.all(ElbKinds.RULE, listener.id() + "/"))) {
                ObjectNode ruleBody = Json.body(rule);
                boolean isDefault = ruleBody.path("IsDefault").asBoolean();
                rules.add(new RuleSpec(ruleBody.path("RuleArn").asText(),
                        isDefault ? RuleSpec.DEFAULT_PRIORITY : (int) ListenerOperations.priorityOf(ruleBody),
                        isDefault ? List.of() : RuleParts.conditionSpecs(ruleBody.path("Conditions")),
                        RuleParts.actionSpec(ruleBody.path("Actions"))));
            }
            if (rules.isEmpty() || !rules.getLast().isDefault()) {
                continue; // a listener caught between its two records' writes; the next pass has both
            }
            listeners.add(new ListenerSpec(body.path("ListenerArn").asText(), body.path("LoadBalancerArn").asText(),
                    settings.listenerHost(), body.path("Port").asInt(), rules));
        }
        Map<String, TargetGroupSpec> groups = new LinkedHashMap<>();
        for (Record group : resources.all(ElbKinds.TARGET_GROUP, "")) {
            ObjectNode body = Json.body(group);
            List<TargetSpec> targets = new ArrayList<>();
            for (Record target : resources.all(ElbKinds.TARGET, group.id() + "/")) {
                ObjectNode t = Json.body(target);
                targets.add(new TargetSpec(t.path("Id").asText(), t.path("_host").asText(), t.path("Port").asInt(),
                        t.path("_state").asText().equals("draining"), lastKnown(t.path("_health"))));
            }
            String arn = body.path("TargetGroupArn").asText();
            groups.put(arn, new TargetGroupSpec(arn, algorithm(body), seconds(body, TargetGroupOperations.SLOW_START),
                    seconds(body, TargetGroupOperations.DEREGISTRATION_DELAY), healthCheck(body), targets));
        }
        return new DataPlaneConfig(listeners, groups);
    }

    private static HealthState lastKnown(JsonNode health) {
        return switch (health.path("State").asText()) {
            case "healthy" -> HealthState.HEALTHY;
            case "unhealthy" -> HealthState.UNHEALTHY;
            default -> HealthState.INITIAL;
        };
    }

    private static TargetGroupSpec.Algorithm algorithm(ObjectNode group) {
        return group.path("_attributes").path(TargetGroupOperations.ALGORITHM).asText().equals("least_outstanding_requests")
                ? TargetGroupSpec.Algorithm.LEAST_OUTSTANDING_REQUESTS : TargetGroupSpec.Algorithm.ROUND_ROBIN;
    }

    private static Duration seconds(ObjectNode group, String attribute) {
        return Duration.ofSeconds(group.path("_attributes").path(attribute).asLong(0));
    }

    private static HealthCheckSpec healthCheck(ObjectNode group) {
        String port = group.path("HealthCheckPort").asText("traffic-port");
        return new HealthCheckSpec(group.path("HealthCheckEnabled").asBoolean(true), group.path("HealthCheckPath").asText("/"),
                port.equals("traffic-port") ? null : Integer.valueOf(port),
                Duration.ofSeconds(group.path("HealthCheckIntervalSeconds").asInt(30)),
                Duration.ofSeconds(group.path("HealthCheckTimeoutSeconds").asInt(5)),
                group.path("HealthyThresholdCount").asInt(5), group.path("UnhealthyThresholdCount").asInt(2),
                group.path("Matcher").path("HttpCode").asText("200"));
    }

    @Override
    public void healthChanged(String targetGroupArn, String targetKey, TargetHealth health) {
        observations.add(new Observation(targetGroupArn, targetKey, health));
    }

    @Override
    public void drained(String targetGroupArn, String targetKey) {
        observations.add(new Observation(targetGroupArn, targetKey, null));
    }

    /** @param health null: the target drained */
    private record Observation(String targetGroupArn, String targetKey, TargetHealth health) {
    }

    private void write() {
        while (!Thread.currentThread().isInterrupted()) {
            Observation observation;
            try {
                observation = observations.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                store.writeRetrying(WRITE_ATTEMPTS, tx -> {
                    Optional<Record> target = tx.get(ElbKinds.TARGET, recordId(observation));
                    if (target.isEmpty()) {
                        return null;
                    }
                    ObjectNode body = Json.body(target.get());
                    boolean draining = body.path("_state").asText().equals("draining");
                    if (observation.health() == null) {
                        if (draining) {
                            tx.delete(ElbKinds.TARGET, target.get().id(), target.get().version());
                        }
                        return null;
                    }
                    ObjectNode health = TargetOperations.health(observation.health());
                    if (draining || body.path("_health").equals(health)) {
                        return null; // a draining target shows draining whatever its last check said
                    }
                    body.set("_health", health);
                    tx.put(ElbKinds.TARGET, target.get().id(), Json.text(body), target.get().version());
                    return null;
                });
            } catch (dev.berth.store.StoreException e) {
                LOG.warn("could not record {} for target {} of {}; the data plane reports it again on its next change",
                        observation.health(), observation.targetKey(), observation.targetGroupArn(), e);
            } catch (RuntimeException e) {
                LOG.warn("could not record an observation of target {}", observation.targetKey(), e);
            }
        }
    }

    /** The data plane names a target {@code id:port} in a group named by ARN; the store keys it {@code group/id/port}. */
    private static String recordId(Observation observation) {
        String key = observation.targetKey();
        int colon = key.lastIndexOf(':');
        return ElbKinds.targetId(ElbArns.targetGroupName(observation.targetGroupArn()), key.substring(0, colon),
                Integer.parseInt(key.substring(colon + 1)));
    }

    @Override
    public void close() {
        writer.interrupt();
    }
}
