package dev.berth.lb.routing;

import dev.berth.lb.config.Condition;
import dev.berth.lb.config.RuleSpec;
import java.net.InetAddress;
import java.util.List;

/**
 * A listener's rules, compiled once per configuration so that choosing a rule per request parses
 * nothing and allocates nothing (except to URL-decode a query pair that holds escapes).
 *
 * <p>ALB's semantics: rules are tried in list order (ascending priority, the default rule last)
 * and the first whose conditions all hold wins; a condition holds when any of its values matches.
 * <ul>
 *   <li>path-pattern: case-sensitive, with {@code *} and {@code ?}, against the path exactly as
 *       received: like ALB, nothing is percent-decoded or normalised, so {@code /img/*} does not
 *       match {@code /%69mg/a} and does match {@code /img/../secret}.
 *   <li>host-header: case-insensitive, with wildcards, without the port.
 *   <li>http-header: name and values case-insensitive, values with wildcards; every occurrence of
 *       a repeated header is tried.
 *   <li>query-string: see {@link QueryCondition}.
 *   <li>http-request-method: exact, case-sensitive.
 *   <li>source-ip: the socket's peer address in any of the CIDR blocks, IPv4 or IPv6.
 * </ul>
 * Immutable and thread-safe.
 */
public final class Router {
    private final Rule[] rules;
    private final RuleSpec defaultRule;

    private Router(Rule[] rules, RuleSpec defaultRule) {
        this.rules = rules;
        this.defaultRule = defaultRule;
    }

    /**
     * @param rules in evaluation order, the default rule last (as {@link dev.berth.lb.config.ListenerSpec} holds them)
     * @throws IllegalArgumentException when the last rule is not a default rule or a CIDR block
     *     is malformed
     */
    public static Router compile(List<RuleSpec> rules) {
        if (rules.isEmpty() || !rules.getLast().isDefault()) {
            throw new IllegalArgumentException("the last rule must be the default rule");
        }
        Rule[] compiled = new Rule[rules.size() - 1];
        for (int i = 0; i < compiled.length; i++) {
            RuleSpec rule = rules.get(i);
            compiled[i] = new Rule(rule, rule.conditions().stream().map(Router::check).toArray(Check[]::new));
        }
        return new Router(compiled, rules.getLast());
    }

    /** The first rule whose conditions hold; never null, since the default rule always matches. */
    public RuleSpec match(RequestFacts request) {
        for (Rule rule : rules) {
            if (rule.holds(request)) {
                return rule.spec;
            }
        }
        return defaultRule;
    }

    private static Check check(Condition condition) {
        return switch (condition) {
            case Condition.PathPattern path -> {
                Glob[] globs = globs(path.patterns(), false);
                yield request -> anyMatches(globs, request.path());
            }
            case Condition.HostHeader host -> {
                Glob[] globs = globs(host.patterns(), true);
                yield request -> hostMatches(globs, request.host());
            }
            case Condition.HttpHeader header -> {
                Glob[] globs = globs(header.patterns(), true);
                String name = header.name();
                yield request -> {
                    List<String> values = request.headerValues(name);
                    for (int i = 0; i < values.size(); i++) {
                        if (anyMatches(globs, values.get(i))) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case Condition.QueryString query -> {
                QueryCondition compiled = QueryCondition.compile(query.pairs());
                yield request -> compiled.holds(request.rawQuery());
            }
            case Condition.RequestMethod method -> {
                String[] methods = method.methods().toArray(String[]::new);
                yield request -> {
                    String actual = request.method();
                    for (String m : methods) {
                        if (m.equals(actual)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case Condition.SourceIp source -> {
                Cidr[] blocks = source.cidrs().stream().map(Cidr::parse).toArray(Cidr[]::new);
                yield request -> {
                    InetAddress address = request.sourceAddress();
                    if (address == null) {
                        return false;
                    }
                    for (Cidr block : blocks) {
                        if (block.contains(address)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
        };
    }

    private static Glob[] globs(List<String> patterns, boolean ignoreCase) {
        return patterns.stream().map(p -> Glob.compile(p, ignoreCase, false)).toArray(Glob[]::new);
    }

    private static boolean anyMatches(Glob[] globs, String text) {
        if (text == null) {
            return false;
        }
        for (Glob glob : globs) {
            if (glob.matches(text)) {
                return true;
            }
        }
        return false;
    }

    /** Tolerates a host that still carries its port ({@code a.example.com:8080}, {@code [::1]:80}). */
    private static boolean hostMatches(Glob[] globs, String host) {
        if (host == null) {
            return false;
        }
        int end = host.length();
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && (host.startsWith("[") ? host.charAt(colon - 1) == ']' : host.indexOf(':') == colon)) {
            end = colon;
        }
        for (Glob glob : globs) {
            if (glob.matches(host, 0, end)) {
                return true;
            }
        }
        return false;
    }

    /** One compiled condition. */
    @FunctionalInterface
    private interface Check {
        boolean holds(RequestFacts request);
    }

    private record Rule(RuleSpec spec, Check[] checks) {
        boolean holds(RequestFacts request) {
            for (Check check : checks) {
                if (!check.holds(request)) {
                    return false;
                }
            }
            return true;
        }
    }
}
