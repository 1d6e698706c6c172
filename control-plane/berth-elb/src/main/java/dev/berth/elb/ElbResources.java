package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import dev.berth.ecs.common.Json;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Finding ELB records by ARN inside a read or a transaction, with ELB's not-found errors, and
 * rendering them without their internal members.
 */
final class ElbResources {
    private static final int PAGE = 500;

    private final BiFunction<String, String, Optional<Record>> get;
    private final Function<ListQuery, List<Record>> list;

    private ElbResources(BiFunction<String, String, Optional<Record>> get, Function<ListQuery, List<Record>> list) {
        this.get = get;
        this.list = list;
    }

    static ElbResources of(dev.berth.store.Store store) {
        return new ElbResources(store::get, store::list);
    }

    static ElbResources of(dev.berth.store.Transaction tx) {
        return new ElbResources(tx::get, tx::list);
    }

    Optional<Record> get(String kind, String id) {
        return get.apply(kind, id);
    }

    List<Record> all(String kind, String prefix) {
        List<Record> records = new ArrayList<>();
        ListQuery.prefix(kind, prefix, PAGE).scan(list, records::add);
        return records;
    }

    Record loadBalancer(String arn) {
        return byArn(ElbKinds.LOAD_BALANCER, ElbArns.loadBalancerName(arn), "LoadBalancerArn", arn)
                .orElseThrow(() -> new ApiException(ElbErrors.LOAD_BALANCER_NOT_FOUND,
                        "Load balancers '[" + arn + "]' not found"));
    }

    Record listener(String arn) {
        return byArn(ElbKinds.LISTENER, ElbArns.listenerId(arn), "ListenerArn", arn)
                .orElseThrow(() -> new ApiException(ElbErrors.LISTENER_NOT_FOUND, "One or more listeners not found"));
    }

    Record rule(String arn) {
        return byArn(ElbKinds.RULE, ElbArns.ruleId(arn), "RuleArn", arn)
                .orElseThrow(() -> new ApiException(ElbErrors.RULE_NOT_FOUND, "One or more rules not found"));
    }

    Record targetGroup(String arn) {
        return byArn(ElbKinds.TARGET_GROUP, ElbArns.targetGroupName(arn), "TargetGroupArn", arn)
                .orElseThrow(() -> new ApiException(ElbErrors.TARGET_GROUP_NOT_FOUND, "Target groups '" + arn + "' not found"));
    }

    private Optional<Record> byArn(String kind, String id, String member, String arn) {
        return get(kind, id).filter(record -> Json.body(record).path(member).asText().equals(arn));
    }

    /** The ARNs of the load balancers whose rules forward to each target group. */
    Map<String, List<String>> loadBalancersByTargetGroup() {
        Map<String, List<String>> users = new java.util.HashMap<>();
        for (Record rule : all(ElbKinds.RULE, "")) {
            ObjectNode body = Json.body(rule);
            for (String group : RuleParts.targetGroups(body.path("Actions"))) {
                List<String> lbs = users.computeIfAbsent(group, key -> new ArrayList<>());
                String lb = body.path("_loadBalancerArn").asText();
                if (!lbs.contains(lb)) {
                    lbs.add(lb);
                }
            }
        }
        return users;
    }

    /** A record body without the members whose names start with an underscore. */
    static ObjectNode render(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        Iterator<String> names = copy.fieldNames();
        while (names.hasNext()) {
            if (names.next().startsWith("_")) {
                names.remove();
            }
        }
        return copy;
    }
}
