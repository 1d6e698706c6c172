package dev.berth.lb.config;

import java.util.List;

/**
 * One HTTP listener.
 *
 * @param arn the listener's ARN, its identity across configurations
 * @param loadBalancerArn the load balancer it belongs to
 * @param bindHost the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the port to bind (0 binds a free port, for tests)
 * @param rules the rules in evaluation order: ascending priority, the default rule last
 */
public record ListenerSpec(String arn, String loadBalancerArn, String bindHost, int port, List<RuleSpec> rules) {
    public ListenerSpec {
        rules = List.copyOf(rules);
        if (rules.isEmpty() || !rules.getLast().isDefault()) {
            throw new IllegalArgumentException("a listener's last rule must be its default rule");
        }
    }
}
