package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.common.Json;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Listeners and their rules: Create/Describe/Modify/DeleteListener, Create/Describe/Modify/
 * DeleteRule and SetRulePriorities. A listener's default actions live in its default rule, as on
 * ELB, so that rules are the one thing the data plane routes by. Every listener of every load
 * balancer binds the same host, so a port serves one listener at most; a port the host cannot
 * bind is refused when the listener is created rather than failing later, out of sight.
 */
public final class ListenerOperations {
    private static final int MAX_RULES_PER_LOAD_BALANCER = 100;
    private static final int MAX_LISTENERS_PER_LOAD_BALANCER = 50;

    private final Store store;
    private final IdGenerator ids;
    private final ElbSettings settings;

    public ListenerOperations(Store store, IdGenerator ids, ElbSettings settings) {
        this.store = store;
        this.ids = ids;
        this.settings = settings;
    }

    public JsonNode createListener(RequestContext context, ObjectNode input) {
        String lbArn = input.get("LoadBalancerArn").asText();
        int port = requirePort(input);
        requireHttp(input);
        ObjectNode created = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record lb = resources.loadBalancer(lbArn);
            List<Record> listeners = resources.all(ElbKinds.LISTENER, lb.id() + "/");
            for (Record existing : listeners) {
                ObjectNode body = Json.body(existing);
                if (body.path("Port").asInt() == port) {
                    if (body.path("_defaultActionsInput").equals(input.get("DefaultActions"))) {
                        return body; // the same listener again
                    }
                    throw new ApiException(ElbErrors.DUPLICATE_LISTENER, "A listener already exists on this port for "
                            + "this load balancer '" + lbArn + "'");
                }
            }
            if (listeners.size() >= MAX_LISTENERS_PER_LOAD_BALANCER) {
                throw new ApiException(ElbErrors.TOO_MANY_LISTENERS, "A load balancer may have at most "
                        + MAX_LISTENERS_PER_LOAD_BALANCER + " listeners.");
            }
            requirePortFree(resources, port, null);
            ArrayNode actions = RuleParts.actions(input.get("DefaultActions"), "DefaultActions",
                    usableGroups(resources, lbArn));
            String id = ids.newId().substring(0, 16);
            String arn = ElbArns.listener(lbArn, id);
            ObjectNode body = Json.object();
            body.put("ListenerArn", arn);
            body.put("LoadBalancerArn", lbArn);
            body.put("Port", port);
            body.put("Protocol", "HTTP");
            body.set("DefaultActions", actions);
            body.set("_defaultActionsInput", input.get("DefaultActions"));
            tx.put(ElbKinds.LISTENER, lb.id() + "/" + id, Json.text(body), 0);
            String ruleId = ids.newId().substring(0, 16);
            ObjectNode rule = newRule(ElbArns.rule(arn, ruleId), "default", Json.object().arrayNode(), actions, lbArn);
            tx.put(ElbKinds.RULE, lb.id() + "/" + id + "/" + ruleId, Json.text(rule), 0);
            return body;
        });
        ObjectNode output = Json.object();
        output.putArray("Listeners").add(ElbResources.render(created));
        return output;
    }

    public JsonNode describeListeners(RequestContext context, ObjectNode input) {
        ElbResources resources = ElbResources.of(store);
        List<Record> found = new ArrayList<>();
        if (input.has("ListenerArns")) {
            for (JsonNode arn : input.get("ListenerArns")) {
                found.add(resources.listener(arn.asText()));
            }
        } else if (input.hasNonNull("LoadBalancerArn")) {
            Record lb = resources.loadBalancer(input.get("LoadBalancerArn").asText());
            found.addAll(resources.all(ElbKinds.LISTENER, lb.id() + "/"));
        } else {
            throw new ApiException(ElbErrors.VALIDATION, "You must specify either listener ARNs or a load balancer ARN");
        }
        ObjectNode output = Json.object();
        ArrayNode list = output.putArray("Listeners");
        Paging.page(found, input, Record::id, output, record -> list.add(ElbResources.render(Json.body(record))));
        return output;
    }

    public JsonNode modifyListener(RequestContext context, ObjectNode input) {
        String arn = input.get("ListenerArn").asText();
        if (input.has("Protocol")) {
            requireHttp(input);
        }
        ObjectNode updated = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record listener = resources.listener(arn);
            ObjectNode body = Json.body(listener);
            if (input.has("Port") && input.get("Port").asInt() != body.path("Port").asInt()) {
                int port = requirePort(input);
                requirePortFree(resources, port, arn);
                body.put("Port", port);
            }
            if (input.has("DefaultActions")) {
                String lbArn = body.path("LoadBalancerArn").asText();
                ArrayNode actions = RuleParts.actions(input.get("DefaultActions"), "DefaultActions",
                        usableGroups(resources, lbArn));
                body.set("DefaultActions", actions);
                body.set("_defaultActionsInput", input.get("DefaultActions"));
                for (Record rule : resources.all(ElbKinds.RULE, listener.id() + "/")) {
                    ObjectNode ruleBody = Json.body(rule);
                    if (ruleBody.path("IsDefault").asBoolean()) {
                        ruleBody.set("Actions", actions);
                        tx.put(ElbKinds.RULE, rule.id(), Json.text(ruleBody), rule.version());
                    }
                }
            }
            tx.put(ElbKinds.LISTENER, listener.id(), Json.text(body), listener.version());
            return body;
        });
        ObjectNode output = Json.object();
        output.putArray("Listeners").add(ElbResources.render(updated));
        return output;
    }

    public JsonNode deleteListener(RequestContext context, ObjectNode input) {
        String arn = input.get("ListenerArn").asText();
        store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record listener = resources.listener(arn);
            for (Record rule : resources.all(ElbKinds.RULE, listener.id() + "/")) {
                tx.delete(ElbKinds.RULE, rule.id(), rule.version());
            }
            tx.delete(ElbKinds.LISTENER, listener.id(), listener.version());
            return null;
        });
        return null;
    }

    public JsonNode createRule(RequestContext context, ObjectNode input) {
        String listenerArn = input.get("ListenerArn").asText();
        int priority = input.get("Priority").asInt();
        ArrayNode conditions = RuleParts.conditions(input.get("Conditions"), "Conditions");
        ObjectNode created = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record listener = resources.listener(listenerArn);
            String lbArn = Json.body(listener).path("LoadBalancerArn").asText();
            ArrayNode actions = RuleParts.actions(input.get("Actions"), "Actions", usableGroups(resources, lbArn));
            for (Record rule : resources.all(ElbKinds.RULE, listener.id() + "/")) {
                if (Json.body(rule).path("Priority").asText().equals(Integer.toString(priority))) {
                    throw new ApiException(ElbErrors.PRIORITY_IN_USE, "Priority '" + priority + "' is currently in use");
                }
            }
            String lbName = listener.id().substring(0, listener.id().indexOf('/'));
            long rules = resources.all(ElbKinds.RULE, lbName + "/").stream()
                    .filter(rule -> !Json.body(rule).path("IsDefault").asBoolean()).count();
            if (rules >= MAX_RULES_PER_LOAD_BALANCER) {
                throw new ApiException(ElbErrors.TOO_MANY_RULES, "A load balancer may have at most "
                        + MAX_RULES_PER_LOAD_BALANCER + " rules besides its listeners' default rules.");
            }
            String id = ids.newId().substring(0, 16);
            ObjectNode body = newRule(ElbArns.rule(listenerArn, id), Integer.toString(priority), conditions, actions, lbArn);
            tx.put(ElbKinds.RULE, listener.id() + "/" + id, Json.text(body), 0);
            return body;
        });
        ObjectNode output = Json.object();
        output.putArray("Rules").add(ElbResources.render(created));
        return output;
    }

    public JsonNode describeRules(RequestContext context, ObjectNode input) {
        ElbResources resources = ElbResources.of(store);
        List<Record> found = new ArrayList<>();
        if (input.has("RuleArns")) {
            for (JsonNode arn : input.get("RuleArns")) {
                found.add(resources.rule(arn.asText()));
            }
        } else if (input.hasNonNull("ListenerArn")) {
            Record listener = resources.listener(input.get("ListenerArn").asText());
            found.addAll(ordered(resources.all(ElbKinds.RULE, listener.id() + "/")));
        } else {
            throw new ApiException(ElbErrors.VALIDATION, "You must specify either a listener or one or more rules");
        }
        ObjectNode output = Json.object();
        ArrayNode list = output.putArray("Rules");
        Paging.page(found, input, Record::id, output, record -> list.add(ElbResources.render(Json.body(record))));
        return output;
    }

    public JsonNode modifyRule(RequestContext context, ObjectNode input) {
        String arn = input.get("RuleArn").asText();
        ArrayNode conditions = input.has("Conditions") ? RuleParts.conditions(input.get("Conditions"), "Conditions") : null;
        ObjectNode updated = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record rule = resources.rule(arn);
            ObjectNode body = Json.body(rule);
            if (conditions != null) {
                if (body.path("IsDefault").asBoolean()) {
                    throw new ApiException(ElbErrors.OPERATION_NOT_PERMITTED, "A default rule cannot have conditions.");
                }
                body.set("Conditions", conditions);
            }
            if (input.has("Actions")) {
                String lbArn = body.path("_loadBalancerArn").asText();
                body.set("Actions", RuleParts.actions(input.get("Actions"), "Actions",
                        usableGroups(resources, lbArn)));
                if (body.path("IsDefault").asBoolean()) {
                    syncListenerDefault(tx, resources, rule, body);
                }
            }
            tx.put(ElbKinds.RULE, rule.id(), Json.text(body), rule.version());
            return body;
        });
        ObjectNode output = Json.object();
        output.putArray("Rules").add(ElbResources.render(updated));
        return output;
    }

    public JsonNode deleteRule(RequestContext context, ObjectNode input) {
        String arn = input.get("RuleArn").asText();
        store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            Record rule = ElbResources.of(tx).rule(arn);
            if (Json.body(rule).path("IsDefault").asBoolean()) {
                throw new ApiException(ElbErrors.OPERATION_NOT_PERMITTED, "A listener's default rule cannot be deleted.");
            }
            tx.delete(ElbKinds.RULE, rule.id(), rule.version());
            return null;
        });
        return null;
    }

    public JsonNode setRulePriorities(RequestContext context, ObjectNode input) {
        List<ObjectNode> changed = store.writeRetrying(LoadBalancerOperations.WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Map<String, Record> rules = new HashMap<>();
            Map<String, String> priorities = new HashMap<>();
            for (JsonNode pair : input.get("RulePriorities")) {
                Record rule = resources.rule(pair.path("RuleArn").asText());
                if (Json.body(rule).path("IsDefault").asBoolean()) {
                    throw new ApiException(ElbErrors.OPERATION_NOT_PERMITTED, "The priority of a default rule cannot be "
                            + "changed.");
                }
                if (!pair.has("Priority")) {
                    throw new ApiException(ElbErrors.VALIDATION, "RulePriorities: every pair needs a Priority.");
                }
                rules.put(rule.id(), rule);
                priorities.put(rule.id(), Integer.toString(pair.get("Priority").asInt()));
            }
            // the new priorities must be unique within each listener, counting the rules left as they are
            Set<String> listeners = new HashSet<>();
            rules.keySet().forEach(id -> listeners.add(id.substring(0, id.lastIndexOf('/'))));
            for (String listener : listeners) {
                Set<String> taken = new HashSet<>();
                for (Record rule : resources.all(ElbKinds.RULE, listener + "/")) {
                    String priority = priorities.getOrDefault(rule.id(), Json.body(rule).path("Priority").asText());
                    if (!priority.equals("default") && !taken.add(priority)) {
                        throw new ApiException(ElbErrors.PRIORITY_IN_USE, "Priority '" + priority + "' is currently in use");
                    }
                }
            }
            List<ObjectNode> out = new ArrayList<>();
            for (Record rule : rules.values()) {
                ObjectNode body = Json.body(rule);
                body.put("Priority", priorities.get(rule.id()));
                tx.put(ElbKinds.RULE, rule.id(), Json.text(body), rule.version());
                out.add(body);
            }
            return out;
        });
        ObjectNode output = Json.object();
        ArrayNode list = output.putArray("Rules");
        changed.forEach(body -> list.add(ElbResources.render(body)));
        return output;
    }

    /** A listener's rules in evaluation order: ascending priority, the default rule last. */
    static List<Record> ordered(List<Record> rules) {
        List<Record> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingLong(rule -> priorityOf(Json.body(rule))));
        return sorted;
    }

    static long priorityOf(JsonNode rule) {
        String priority = rule.path("Priority").asText();
        return priority.equals("default") ? Long.MAX_VALUE : Long.parseLong(priority);
    }

    private static ObjectNode newRule(String arn, String priority, ArrayNode conditions, ArrayNode actions, String lbArn) {
        ObjectNode rule = Json.object();
        rule.put("RuleArn", arn);
        rule.put("Priority", priority);
        rule.set("Conditions", conditions);
        rule.set("Actions", actions);
        rule.put("IsDefault", priority.equals("default"));
        rule.put("_loadBalancerArn", lbArn);
        return rule;
    }

    private static void syncListenerDefault(Transaction tx, ElbResources resources, Record rule, ObjectNode body) {
        String listenerId = rule.id().substring(0, rule.id().lastIndexOf('/'));
        resources.get(ElbKinds.LISTENER, listenerId).ifPresent(listener -> {
            ObjectNode listenerBody = Json.body(listener);
            listenerBody.set("DefaultActions", body.get("Actions"));
            tx.put(ElbKinds.LISTENER, listener.id(), Json.text(listenerBody), listener.version());
        });
    }

    /**
     * Resolves the target group ARNs an action of load balancer {@code lbArn} forwards to, to
     * their stored ARNs: each must exist, and no other load balancer may use it (ELB allows one per
     * target group). Which load balancer uses which group is read once, for all of an action's groups.
     */
    private static java.util.function.Function<String, String> usableGroups(ElbResources resources, String lbArn) {
        Map<String, List<String>> users = resources.loadBalancersByTargetGroup();
        return arn -> {
            Record group = resources.targetGroup(arn);
            for (String user : users.getOrDefault(arn, List.of())) {
                if (!user.equals(lbArn)) {
                    throw new ApiException(ElbErrors.TARGET_GROUP_ASSOCIATION_LIMIT, "The following target groups "
                            + "cannot be associated with more than one load balancer: " + arn);
                }
            }
            return Json.body(group).path("TargetGroupArn").asText();
        };
    }

    private static int requirePort(ObjectNode input) {
        if (!input.has("Port")) {
            throw new ApiException(ElbErrors.VALIDATION, "A listener port must be specified");
        }
        return input.get("Port").asInt();
    }

    private static void requireHttp(ObjectNode input) {
        String protocol = input.path("Protocol").asText("HTTP");
        if (!protocol.equals("HTTP")) {
            throw new ApiException(ElbErrors.UNSUPPORTED_PROTOCOL, "Berth's load balancer listens with HTTP only; "
                    + "Protocol '" + protocol + "' is not supported. Terminate TLS in front of it.");
        }
    }

    /** No other listener has the port, and this host lets Berth bind it. */
    private void requirePortFree(ElbResources resources, int port, String exceptListenerArn) {
        for (Record listener : resources.all(ElbKinds.LISTENER, "")) {
            ObjectNode body = Json.body(listener);
            if (body.path("Port").asInt() == port && !body.path("ListenerArn").asText().equals(exceptListenerArn)) {
                throw new ApiException(ElbErrors.DUPLICATE_LISTENER, "Port " + port + " already serves listener "
                        + body.path("ListenerArn").asText() + "; every Berth listener binds " + settings.listenerHost()
                        + ", so each needs a port of its own.");
            }
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.listenerHost(), port));
        } catch (IOException e) {
            throw new ApiException(ElbErrors.INVALID_CONFIGURATION_REQUEST, "Berth cannot listen on "
                    + settings.listenerHost() + ":" + port + ": " + e.getMessage()
                    + (port < 1024 ? " (ports below 1024 need root)." : "."));
        }
    }
}
