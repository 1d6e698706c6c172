package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.common.Json;
import dev.berth.lb.health.Matcher;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Create/Describe/Modify/DeleteTargetGroup and Describe/ModifyTargetGroupAttributes, with ALB's
 * defaults for an HTTP target group (health check {@code /} every 30 s, timeout 5 s, healthy
 * after 5, unhealthy after 2, matcher 200) and its attribute rules.
 */
public final class TargetGroupOperations {
    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";
    static final String ALGORITHM = "load_balancing.algorithm.type";
    static final String SLOW_START = "slow_start.duration_seconds";
    private static final Map<String, String> DEFAULT_ATTRIBUTES = defaults();
    private static final List<String> HEALTH_CHECK_MEMBERS = List.of("HealthCheckProtocol", "HealthCheckPort",
            "HealthCheckEnabled", "HealthCheckPath", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds",
            "HealthyThresholdCount", "UnhealthyThresholdCount", "Matcher");

    private final Store store;
    private final IdGenerator ids;

    public TargetGroupOperations(Store store, IdGenerator ids) {
        this.store = store;
        this.ids = ids;
    }

    private static Map<String, String> defaults() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("stickiness.enabled", "false");
        attributes.put(DEREGISTRATION_DELAY, "300");
        attributes.put("stickiness.type", "lb_cookie");
        attributes.put("stickiness.lb_cookie.duration_seconds", "86400");
        attributes.put(SLOW_START, "0");
        attributes.put(ALGORITHM, "round_robin");
        attributes.put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
        return attributes;
    }

    public JsonNode createTargetGroup(RequestContext context, ObjectNode input) {
        String name = input.get("Name").asText();
        LoadBalancerOperations.checkName(name, "target group");
        String targetType = input.path("TargetType").asText("instance");
        if (!targetType.equals("instance") && !targetType.equals("ip")) {
            throw new ApiException(ElbErrors.VALIDATION, "Berth's target groups take TargetType instance or ip; got '"
                    + targetType + "'.");
        }
        if (!input.has("Protocol")) {
            throw new ApiException(ElbErrors.VALIDATION, "A protocol must be specified");
        }
        if (!input.has("Port")) {
            throw new ApiException(ElbErrors.VALIDATION, "A port must be specified");
        }
        if (!input.get("Protocol").asText().equals("HTTP")) {
            throw new ApiException(ElbErrors.UNSUPPORTED_PROTOCOL, "Berth's load balancer speaks HTTP to its targets; "
                    + "Protocol '" + input.get("Protocol").asText() + "' is not supported.");
        }
        ObjectNode wanted = Json.object();
        wanted.put("TargetGroupName", name);
        wanted.put("Protocol", "HTTP");
        wanted.put("Port", input.get("Port").asInt());
        wanted.put("VpcId", input.path("VpcId").asText("vpc-berth"));
        wanted.put("HealthCheckProtocol", "HTTP");
        wanted.put("HealthCheckPort", "traffic-port");
        wanted.put("HealthCheckEnabled", true);
        wanted.put("HealthCheckIntervalSeconds", 30);
        wanted.put("HealthCheckTimeoutSeconds", 5);
        wanted.put("HealthyThresholdCount", 5);
        wanted.put("UnhealthyThresholdCount", 2);
        wanted.put("HealthCheckPath", "/");
        wanted.putObject("Matcher").put("HttpCode", "200");
        wanted.put("TargetType", targetType);
        wanted.put("ProtocolVersion", input.path("ProtocolVersion").asText("HTTP1"));
        wanted.put("IpAddressType", input.path("IpAddressType").asText("ipv4"));
        applyHealthCheck(wanted, input);
        ObjectNode created = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            Optional<Record> existing = tx.get(ElbKinds.TARGET_GROUP, name);
            if (existing.isPresent()) {
                ObjectNode body = Json.body(existing.get());
                for (var fields = wanted.fieldNames(); fields.hasNext(); ) {
                    String member = fields.next();
                    if (!body.path(member).equals(wanted.get(member))) {
                        throw new ApiException(ElbErrors.DUPLICATE_TARGET_GROUP_NAME, "A target group with the same name '"
                                + name + "' exists, but with different settings");
                    }
                }
                return body;
            }
            ObjectNode body = wanted.deepCopy();
            body.put("TargetGroupArn", ElbArns.targetGroup(context, name, ids.newId().substring(0, 16)));
            ObjectNode attributes = body.putObject("_attributes");
            DEFAULT_ATTRIBUTES.forEach(attributes::put);
            if (input.has("Tags")) {
                body.set("_tags", input.get("Tags"));
            }
            tx.put(ElbKinds.TARGET_GROUP, name, Json.text(body), 0);
            return body;
        });
        ObjectNode output = Json.object();
        output.putArray("TargetGroups").add(render(created, ElbResources.of(store).loadBalancersByTargetGroup()));
        return output;
    }

    public JsonNode describeTargetGroups(RequestContext context, ObjectNode input) {
        ElbResources resources = ElbResources.of(store);
        Map<String, List<String>> users = resources.loadBalancersByTargetGroup();
        List<Record> found = new ArrayList<>();
        if (input.has("TargetGroupArns")) {
            for (JsonNode arn : input.get("TargetGroupArns")) {
                found.add(resources.targetGroup(arn.asText()));
            }
        } else if (input.has("Names")) {
            for (JsonNode name : input.get("Names")) {
                found.add(resources.get(ElbKinds.TARGET_GROUP, name.asText()).orElseThrow(() -> new ApiException(
                        ElbErrors.TARGET_GROUP_NOT_FOUND, "One or more target groups not found")));
            }
        } else {
            found.addAll(resources.all(ElbKinds.TARGET_GROUP, ""));
        }
        if (input.hasNonNull("LoadBalancerArn")) {
            String lbArn = Json.body(resources.loadBalancer(input.get("LoadBalancerArn").asText())).path("LoadBalancerArn")
                    .asText();
            found.removeIf(record -> !users.getOrDefault(Json.body(record).path("TargetGroupArn").asText(), List.of())
                    .contains(lbArn));
        }
        ObjectNode output = Json.object();
        ArrayNode list = output.putArray("TargetGroups");
        Paging.page(found, input, Record::id, output, record -> list.add(render(Json.body(record), users)));
        return output;
    }

    public JsonNode modifyTargetGroup(RequestContext context, ObjectNode input) {
        String arn = input.get("TargetGroupArn").asText();
        ObjectNode updated = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            Record group = ElbResources.of(tx).targetGroup(arn);
            ObjectNode body = Json.body(group);
            applyHealthCheck(body, input);
            tx.put(ElbKinds.TARGET_GROUP, group.id(), Json.text(body), group.version());
            return body;
        });
        ObjectNode output = Json.object();
        output.putArray("TargetGroups").add(render(updated, ElbResources.of(store).loadBalancersByTargetGroup()));
        return output;
    }

    public JsonNode deleteTargetGroup(RequestContext context, ObjectNode input) {
        String arn = input.get("TargetGroupArn").asText();
        store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record group;
            try {
                group = resources.targetGroup(arn);
            } catch (ApiException gone) {
                return null; // as with load balancers, deleting what is not there succeeds
            }
            if (resources.loadBalancersByTargetGroup().containsKey(arn)) {
                throw new ApiException(ElbErrors.RESOURCE_IN_USE, "Target group '" + arn
                        + "' is currently in use by a listener or a rule");
            }
            for (Record target : resources.all(ElbKinds.TARGET, group.id() + "/")) {
                tx.delete(ElbKinds.TARGET, target.id(), target.version());
            }
            tx.delete(ElbKinds.TARGET_GROUP, group.id(), group.version());
            return null;
        });
        return null;
    }

    public JsonNode describeTargetGroupAttributes(RequestContext context, ObjectNode input) {
        Record group = ElbResources.of(store).targetGroup(input.get("TargetGroupArn").asText());
        return attributes(Json.body(group));
    }

    public JsonNode modifyTargetGroupAttributes(RequestContext context, ObjectNode input) {
        String arn = input.get("TargetGroupArn").asText();
        Map<String, String> changes = new LinkedHashMap<>();
        for (JsonNode attribute : input.get("Attributes")) {
            String key = attribute.path("Key").asText("");
            String value = attribute.path("Value").asText("");
            checkAttribute(key, value);
            changes.put(key, value);
        }
        ObjectNode updated = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            Record group = ElbResources.of(tx).targetGroup(arn);
            ObjectNode body = Json.body(group);
            ObjectNode attributes = (ObjectNode) body.path("_attributes");
            changes.forEach(attributes::put);
            if (!attributes.path(SLOW_START).asText("0").equals("0")
                    && attributes.path(ALGORITHM).asText().equals("least_outstanding_requests")) {
                throw new ApiException(ElbErrors.INVALID_CONFIGURATION_REQUEST, "You cannot enable both slow start mode "
                        + "and least outstanding requests");
            }
            tx.put(ElbKinds.TARGET_GROUP, group.id(), Json.text(body), group.version());
            return body;
        });
        return attributes(updated);
    }

    private static JsonNode attributes(ObjectNode body) {
        ObjectNode output = Json.object();
        ArrayNode list = output.putArray("Attributes");
        body.path("_attributes").fields().forEachRemaining(entry -> list.addObject().put("Key", entry.getKey())
                .put("Value", entry.getValue().asText()));
        return output;
    }

    private static void checkAttribute(String key, String value) {
        switch (key) {
            case DEREGISTRATION_DELAY -> range(key, value, 0, 3600);
            case SLOW_START -> {
                int seconds = range(key, value, 0, 900);
                if (seconds != 0 && seconds < 30) {
                    throw new ApiException(ElbErrors.VALIDATION, "'" + key + "' value '" + value
                            + "' must be 0 or between '30-900' inclusive");
                }
            }
            case ALGORITHM -> {
                if (!value.equals("round_robin") && !value.equals("least_outstanding_requests")) {
                    throw new ApiException(ElbErrors.VALIDATION, "'" + key + "' must be round_robin or "
                            + "least_outstanding_requests; got '" + value + "'.");
                }
            }
            case "stickiness.enabled" -> {
                if (!value.equals("false")) {
                    throw new ApiException(ElbErrors.INVALID_CONFIGURATION_REQUEST, "Berth's load balancer does not "
                            + "offer sticky sessions; 'stickiness.enabled' can only be false.");
                }
            }
            case "stickiness.type" -> {
                if (!value.equals("lb_cookie") && !value.equals("app_cookie")) {
                    throw new ApiException(ElbErrors.INVALID_CONFIGURATION_REQUEST, "Stickiness type '" + value
                            + "' is not supported for target groups with the HTTP protocol");
                }
            }
            case "stickiness.lb_cookie.duration_seconds" -> range(key, value, 1, 604800);
            case "load_balancing.cross_zone.enabled" -> {
                if (!List.of("true", "false", "use_load_balancer_configuration").contains(value)) {
                    throw new ApiException(ElbErrors.VALIDATION, "'" + key + "' must be true, false or "
                            + "use_load_balancer_configuration; got '" + value + "'.");
                }
            }
            default -> throw new ApiException(ElbErrors.VALIDATION, "Target group attribute key '" + key
                    + "' is not recognized");
        }
    }

    private static int range(String key, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below with the range
        }
        throw new ApiException(ElbErrors.VALIDATION, "'" + key + "' value '" + value + "' must be between '" + min + "-"
                + max + "' inclusive");
    }

    /** Sets the health check members the input names, then checks the result as a whole. */
    private static void applyHealthCheck(ObjectNode body, ObjectNode input) {
        for (String member : HEALTH_CHECK_MEMBERS) {
            if (input.has(member)) {
                body.set(member, input.get(member).deepCopy());
            }
        }
        if (!body.path("HealthCheckProtocol").asText().equals("HTTP")) {
            throw new ApiException(ElbErrors.UNSUPPORTED_PROTOCOL, "Berth checks targets over HTTP only; "
                    + "HealthCheckProtocol '" + body.path("HealthCheckProtocol").asText() + "' is not supported.");
        }
        String port = body.path("HealthCheckPort").asText();
        if (!port.equals("traffic-port")) {
            try {
                int number = Integer.parseInt(port);
                if (number < 1 || number > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ApiException(ElbErrors.VALIDATION, "HealthCheckPort must be 'traffic-port' or a port from 1 to "
                        + "65535; got '" + port + "'.");
            }
        }
        if (!body.path("HealthCheckPath").asText().startsWith("/")) {
            throw new ApiException(ElbErrors.VALIDATION, "HealthCheckPath must start with '/'; got '"
                    + body.path("HealthCheckPath").asText() + "'.");
        }
        int interval = body.path("HealthCheckIntervalSeconds").asInt();
        int timeout = body.path("HealthCheckTimeoutSeconds").asInt();
        if (interval < 5 || interval > 300) {
            throw new ApiException(ElbErrors.VALIDATION, "HealthCheckIntervalSeconds must be from 5 to 300; got "
                    + interval + ".");
        }
        if (timeout < 2 || timeout > 120) {
            throw new ApiException(ElbErrors.VALIDATION, "HealthCheckTimeoutSeconds must be from 2 to 120; got "
                    + timeout + ".");
        }
        if (timeout >= interval) {
            throw new ApiException(ElbErrors.VALIDATION, "Health check timeout '" + timeout
                    + "' must be smaller than the interval '" + interval + "'");
        }
        for (String threshold : List.of("HealthyThresholdCount", "UnhealthyThresholdCount")) {
            int count = body.path(threshold).asInt();
            if (count < 2 || count > 10) {
                throw new ApiException(ElbErrors.VALIDATION, threshold + " must be from 2 to 10; got " + count + ".");
            }
        }
        String matcher = body.path("Matcher").path("HttpCode").asText("200");
        try {
            Matcher.parse(matcher);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ElbErrors.VALIDATION, "Matcher.HttpCode '" + matcher + "': " + e.getMessage());
        }
    }

    private static ObjectNode render(ObjectNode body, Map<String, List<String>> users) {
        ObjectNode out = ElbResources.render(body);
        ArrayNode lbs = out.putArray("LoadBalancerArns");
        users.getOrDefault(body.path("TargetGroupArn").asText(), List.of()).forEach(lbs::add);
        return out;
    }
}
