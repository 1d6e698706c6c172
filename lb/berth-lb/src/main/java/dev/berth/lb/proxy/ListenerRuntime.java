package dev.berth.lb.proxy;

import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.RuleSpec;
import dev.berth.lb.routing.Router;
import io.netty.channel.Channel;
import java.util.IdentityHashMap;
import java.util.Map;

/** One bound listener: its socket, and its compiled rules swapped whole on each apply. */
final class ListenerRuntime {
    final String arn;
    final String bindHost;
    final int requestedPort;
    Channel server;
    int port;
    /** "X-Forwarded-Proto: http\r\nX-Forwarded-Port: PORT\r\n". */
    byte[] forwardedTail;
    volatile Routes routes;
    volatile boolean closing;

    ListenerRuntime(String arn, String bindHost, int requestedPort) {
        this.arn = arn;
        this.bindHost = bindHost;
        this.requestedPort = requestedPort;
    }

    void bound(Channel server, int port) {
        this.server = server;
        this.port = port;
        this.forwardedTail = Ascii.bytes("X-Forwarded-Proto: http\r\nX-Forwarded-Port: " + port + "\r\n");
    }

    /** A listener's rules and what each one does, resolved against the target groups of one apply. */
    record Routes(Router router, Map<RuleSpec, Action> actions) {
        Action action(RuleSpec rule) {
            Action a = actions.get(rule);
            return a != null ? a : new Action.Fixed(500, "text/plain; charset=utf-8",
                    "500 Internal Server Error: the matched rule has no action\n");
        }
    }

    /** What a matched rule does. */
    sealed interface Action {
        /** Forward to one group, or split by weight: cumulative[i] is the sum of weights 0..i. */
        record Forward(GroupRuntime[] groups, int[] cumulative, String problem) implements Action {
            GroupRuntime pick() {
                int n = groups.length;
                if (n == 1) {
                    return groups[0];
                }
                if (n == 0) {
                    return null;
                }
                int x = java.util.concurrent.ThreadLocalRandom.current().nextInt(cumulative[n - 1]);
                for (int i = 0; i < n; i++) {
                    if (x < cumulative[i]) {
                        return groups[i];
                    }
                }
                return groups[n - 1];
            }
        }

        record Fixed(int status, String contentType, String body) implements Action {
        }

        record Redirect(ActionSpec.Redirect spec) implements Action {
        }
    }

    static Routes compile(java.util.List<RuleSpec> rules, Map<String, GroupRuntime> groups) {
        Router router = Router.compile(rules);
        Map<RuleSpec, Action> actions = new IdentityHashMap<>();
        for (RuleSpec rule : rules) {
            actions.put(rule, switch (rule.action()) {
                case ActionSpec.Forward f -> forward(f, groups);
                case ActionSpec.FixedResponse x -> new Action.Fixed(x.statusCode(), x.contentType(), x.body());
                case ActionSpec.Redirect r -> new Action.Redirect(r);
            });
        }
        return new Routes(router, actions);
    }

    private static Action forward(ActionSpec.Forward f, Map<String, GroupRuntime> groups) {
        java.util.List<GroupRuntime> chosen = new java.util.ArrayList<>();
        java.util.List<Integer> weights = new java.util.ArrayList<>();
        String problem = null;
        for (ActionSpec.WeightedGroup wg : f.groups()) {
            GroupRuntime g = groups.get(wg.targetGroupArn());
            if (g == null) {
                problem = "503 Service Unavailable: target group " + GroupRuntime.nameOf(wg.targetGroupArn())
                        + " does not exist";
                continue;
            }
            // A single group takes everything whatever its weight; among several, weight 0 gets nothing.
            if (wg.weight() > 0 || f.groups().size() == 1) {
                chosen.add(g);
                weights.add(Math.max(1, wg.weight()));
            }
        }
        if (chosen.isEmpty() && problem == null) {
            problem = "503 Service Unavailable: every target group of the rule has weight 0";
        }
        int[] cumulative = new int[chosen.size()];
        int sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += weights.get(i);
            cumulative[i] = sum;
        }
        return new Action.Forward(chosen.toArray(new GroupRuntime[0]), cumulative, problem);
    }
}
