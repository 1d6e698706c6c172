package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.Condition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Rule conditions and actions: validated with ELB's rules and errors, normalised to the form
 * ELB echoes back (a single-group forward is shown both as TargetGroupArn and as ForwardConfig;
 * host and path conditions both as Values and as their Config), and turned into the data plane's
 * {@link Condition} and {@link ActionSpec}. Pure.
 */
final class RuleParts {
    static final int MAX_CONDITION_VALUES = 5;
    private static final Set<String> CONTENT_TYPES = Set.of("text/plain", "text/css", "text/html",
            "application/javascript", "application/json");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.*?-]{1,128}");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_\\-.$/~\"'@:+&*?]{1,128}");
    private static final Pattern METHOD = Pattern.compile("[A-Z_-]{1,40}");

    private RuleParts() {
    }

    /**
     * Validates {@code actions} (the model's Action list) and returns them normalised.
     *
     * @param targetGroupArn resolves a target group ARN to its stored ARN, throwing TargetGroupNotFound
     */
    static ArrayNode actions(JsonNode actions, String field, Function<String, String> targetGroupArn) {
        if (actions == null || actions.isEmpty()) {
            throw new ApiException(ElbErrors.VALIDATION, field + " must hold one action.");
        }
        if (actions.size() > 1) {
            throw new ApiException(ElbErrors.INVALID_LOAD_BALANCER_ACTION, "Berth's load balancers take exactly one "
                    + "action per rule (forward, redirect or fixed-response); authenticate actions need HTTPS, which "
                    + "Berth does not serve. " + field + " has " + actions.size() + ".");
        }
        JsonNode action = actions.get(0);
        String type = action.path("Type").asText();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Type", type);
        switch (type) {
            case "forward" -> forward(action, out, field, targetGroupArn);
            case "fixed-response" -> fixedResponse(action, out, field);
            case "redirect" -> redirect(action, out, field);
            default -> throw new ApiException(ElbErrors.INVALID_LOAD_BALANCER_ACTION, field + "[0].Type '" + type
                    + "' needs an HTTPS listener, which Berth does not serve; use forward, redirect or fixed-response.");
        }
        out.put("Order", action.path("Order").asInt(1));
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        list.add(out);
        return list;
    }

    private static void forward(JsonNode action, ObjectNode out, String field, Function<String, String> targetGroupArn) {
        List<String> arns = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        JsonNode config = action.path("ForwardConfig").path("TargetGroups");
        for (JsonNode group : config) {
            if (!group.hasNonNull("TargetGroupArn")) {
                throw new ApiException(ElbErrors.VALIDATION, field + "[0].ForwardConfig.TargetGroups: every entry needs a "
                        + "TargetGroupArn.");
            }
            arns.add(group.get("TargetGroupArn").asText());
            weights.add(group.path("Weight").asInt(1));
        }
        if (action.hasNonNull("TargetGroupArn")) {
            String single = action.get("TargetGroupArn").asText();
            if (!arns.isEmpty() && (arns.size() > 1 || !arns.get(0).equals(single))) {
                throw new ApiException(ElbErrors.VALIDATION, field + "[0]: with both TargetGroupArn and ForwardConfig, "
                        + "ForwardConfig may hold only that one target group.");
            }
            if (arns.isEmpty()) {
                arns.add(single);
                weights.add(1);
            }
        }
        if (arns.isEmpty()) {
            throw new ApiException(ElbErrors.VALIDATION, field + "[0]: a forward action needs TargetGroupArn or "
                    + "ForwardConfig.TargetGroups.");
        }
        if (arns.size() > 5) {
            throw new ApiException(ElbErrors.TOO_MANY_TARGET_GROUPS, field + "[0] forwards to " + arns.size()
                    + " target groups; at most 5 are allowed.");
        }
        if (new HashSet<>(arns).size() != arns.size()) {
            throw new ApiException(ElbErrors.VALIDATION, field + "[0] names a target group twice.");
        }
        ObjectNode forward = out.putObject("ForwardConfig");
        ArrayNode groups = forward.putArray("TargetGroups");
        for (int i = 0; i < arns.size(); i++) {
            String arn = targetGroupArn.apply(arns.get(i));
            groups.addObject().put("TargetGroupArn", arn).put("Weight", weights.get(i));
        }
        forward.putObject("TargetGroupStickinessConfig").put("Enabled", false);
        if (arns.size() == 1) {
            out.put("TargetGroupArn", groups.get(0).get("TargetGroupArn").asText());
        }
    }

    private static void fixedResponse(JsonNode action, ObjectNode out, String field) {
        JsonNode config = action.get("FixedResponseConfig");
        if (config == null) {
            throw new ApiException(ElbErrors.VALIDATION, field + "[0].FixedResponseConfig is required for a "
                    + "fixed-response action.");
        }
        if (config.hasNonNull("ContentType") && !CONTENT_TYPES.contains(config.get("ContentType").asText())) {
            throw new ApiException(ElbErrors.INVALID_LOAD_BALANCER_ACTION, "The ContentType must be one of:'text/html', "
                    + "'application/json', 'application/javascript', 'text/css', 'text/plain'");
        }
        out.set("FixedResponseConfig", config.deepCopy());
    }

    private static void redirect(JsonNode action, ObjectNode out, String field) {
        JsonNode config = action.get("RedirectConfig");
        if (config == null) {
            throw new ApiException(ElbErrors.VALIDATION, field + "[0].RedirectConfig is required for a redirect action.");
        }
        boolean changes = false;
        for (String part : List.of("Protocol", "Host", "Port", "Path")) {
            String value = config.path(part).asText("#{" + part.toLowerCase(Locale.ROOT) + "}");
            changes |= !value.equals("#{" + part.toLowerCase(Locale.ROOT) + "}");
        }
        if (!changes) {
            throw new ApiException(ElbErrors.INVALID_LOAD_BALANCER_ACTION, field + "[0].RedirectConfig must change at "
                    + "least one of Protocol, Host, Port or Path, or the client would be sent back where it was.");
        }
        if (config.hasNonNull("Path") && !config.get("Path").asText().startsWith("/")) {
            throw new ApiException(ElbErrors.VALIDATION, field + "[0].RedirectConfig.Path must start with '/'.");
        }
        ObjectNode copy = config.deepCopy();
        for (String part : List.of("Protocol", "Host", "Port", "Path", "Query")) {
            if (!copy.hasNonNull(part)) {
                copy.put(part, part.equals("Query") ? "#{query}" : "#{" + part.toLowerCase(Locale.ROOT) + "}");
            }
        }
        out.set("RedirectConfig", copy);
    }

    /** Validates rule conditions and returns them normalised. */
    static ArrayNode conditions(JsonNode conditions, String field) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (conditions == null || conditions.isEmpty()) {
            throw new ApiException(ElbErrors.VALIDATION, field + " must hold at least one condition; only a listener's "
                    + "default rule has none.");
        }
        Set<String> single = new HashSet<>();
        int values = 0;
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode condition = conditions.get(i);
            String at = field + "[" + i + "]";
            String kind = condition.path("Field").asText(null);
            if (kind == null) {
                throw new ApiException(ElbErrors.VALIDATION, at + ".Field is required.");
            }
            ObjectNode normal = switch (kind) {
                case "path-pattern" -> hostOrPath(condition, at, kind, "PathPatternConfig", PATH, false);
                case "host-header" -> hostOrPath(condition, at, kind, "HostHeaderConfig", HOST, true);
                case "http-header" -> httpHeader(condition, at);
                case "query-string" -> queryString(condition, at);
                case "http-request-method" -> valuesConfig(condition, at, kind, "HttpRequestMethodConfig", METHOD);
                case "source-ip" -> sourceIp(condition, at);
                default -> throw new ApiException(ElbErrors.VALIDATION, "Condition field '" + kind + "' must be one of "
                        + "'[path-pattern,host-header,http-header,http-request-method,query-string,source-ip]'");
            };
            if (!kind.equals("http-header") && !kind.equals("query-string") && !single.add(kind)) {
                throw new ApiException(ElbErrors.VALIDATION, field + " may hold at most one '" + kind + "' condition.");
            }
            values += count(normal);
            out.add(normal);
        }
        if (values > MAX_CONDITION_VALUES) {
            throw new ApiException(ElbErrors.TOO_MANY_CONDITION_VALUES, field + " holds " + values
                    + " condition values; a rule may hold at most " + MAX_CONDITION_VALUES + ".");
        }
        return out;
    }

    private static int count(ObjectNode condition) {
        for (String config : List.of("PathPatternConfig", "HostHeaderConfig", "HttpHeaderConfig", "QueryStringConfig",
                "HttpRequestMethodConfig", "SourceIpConfig")) {
            if (condition.has(config)) {
                return condition.get(config).path("Values").size();
            }
        }
        return 0;
    }

    private static ObjectNode hostOrPath(JsonNode condition, String at, String kind, String configName, Pattern allowed,
                                         boolean host) {
        JsonNode legacy = condition.get("Values");
        JsonNode config = condition.path(configName).get("Values");
        if (legacy != null && !legacy.isEmpty() && config != null) {
            throw new ApiException(ElbErrors.VALIDATION, "You cannot provide both Values and '" + configName
                    + "' for a condition of type '" + kind + "'");
        }
        JsonNode given = config != null ? config : legacy;
        List<String> values = strings(given, at, kind);
        if (legacy != null && config == null && values.size() > 1) {
            throw new ApiException(ElbErrors.VALIDATION, at + ".Values may hold one value; use " + configName
                    + " for several.");
        }
        for (String value : values) {
            if (value.length() > 128) {
                throw new ApiException(ElbErrors.VALIDATION, "The '" + kind + "' value is too long; the limit is '128'");
            }
            if (!allowed.matcher(value).matches()) {
                throw new ApiException(ElbErrors.VALIDATION, at + ": '" + value + "' is not a valid " + kind + " value; "
                        + (host ? "use letters, digits, '-', '.', '*' and '?'." : "use letters, digits, "
                        + "_-.$/~\"'@:+&, '*' and '?'."));
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Field", kind);
        ArrayNode list = out.putArray("Values");
        values.forEach(list::add);
        out.putObject(configName).set("Values", list.deepCopy());
        return out;
    }

    private static ObjectNode valuesConfig(JsonNode condition, String at, String kind, String configName, Pattern allowed) {
        List<String> values = strings(condition.path(configName).get("Values"), at, kind);
        for (String value : values) {
            if (!allowed.matcher(value).matches()) {
                throw new ApiException(ElbErrors.VALIDATION, at + ": '" + value + "' is not a valid " + kind + " value.");
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Field", kind);
        ArrayNode list = out.putObject(configName).putArray("Values");
        values.forEach(list::add);
        return out;
    }

    private static ObjectNode httpHeader(JsonNode condition, String at) {
        JsonNode config = condition.get("HttpHeaderConfig");
        if (config == null) {
            throw new ApiException(ElbErrors.VALIDATION, "A 'HttpHeaderConfig' must be specified with 'http-header'");
        }
        String name = config.path("HttpHeaderName").asText("");
        if (name.isEmpty() || name.length() > 40 || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new ApiException(ElbErrors.VALIDATION, at + ".HttpHeaderConfig.HttpHeaderName must be a header name "
                    + "of 1 to 40 characters; got '" + name + "'.");
        }
        if (name.equalsIgnoreCase("host")) {
            throw new ApiException(ElbErrors.VALIDATION, at + ": use a host-header condition for the Host header.");
        }
        List<String> values = strings(config.get("Values"), at, "http-header");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Field", "http-header");
        ObjectNode copy = out.putObject("HttpHeaderConfig");
        copy.put("HttpHeaderName", name);
        ArrayNode list = copy.putArray("Values");
        values.forEach(list::add);
        return out;
    }

    private static ObjectNode queryString(JsonNode condition, String at) {
        JsonNode given = condition.path("QueryStringConfig").get("Values");
        if (given == null || given.isEmpty()) {
            throw new ApiException(ElbErrors.VALIDATION, "A condition value must be specified (" + at
                    + ".QueryStringConfig.Values)");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Field", "query-string");
        ArrayNode list = out.putObject("QueryStringConfig").putArray("Values");
        for (JsonNode pair : given) {
            if (pair.path("Value").asText("").isEmpty()) {
                throw new ApiException(ElbErrors.VALIDATION, at + ".QueryStringConfig.Values: every pair needs a Value.");
            }
            ObjectNode copy = list.addObject();
            if (pair.hasNonNull("Key")) {
                copy.put("Key", pair.get("Key").asText());
            }
            copy.put("Value", pair.get("Value").asText());
        }
        return out;
    }

    private static ObjectNode sourceIp(JsonNode condition, String at) {
        List<String> values = strings(condition.path("SourceIpConfig").get("Values"), at, "source-ip");
        for (String cidr : values) {
            if (!validCidr(cidr)) {
                throw new ApiException(ElbErrors.VALIDATION, at + ": '" + cidr + "' is not a CIDR block such as "
                        + "192.0.2.0/24 or 2001:db8::/32.");
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Field", "source-ip");
        ArrayNode list = out.putObject("SourceIpConfig").putArray("Values");
        values.forEach(list::add);
        return out;
    }

    static boolean validCidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || cidr.equals("255.255.255.255/32")) {
            return false;
        }
        String address = cidr.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+")) {
            return false; // never resolve a name
        }
        try {
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            int max = InetAddress.getByName(address).getAddress().length * 8;
            return bits >= 0 && bits <= max;
        } catch (NumberFormatException | UnknownHostException e) {
            return false;
        }
    }

    private static List<String> strings(JsonNode values, String at, String kind) {
        if (values == null || values.isEmpty()) {
            throw new ApiException(ElbErrors.VALIDATION, "A condition value must be specified (" + at + ", " + kind + ")");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode value : values) {
            if (value.asText().isEmpty()) {
                throw new ApiException(ElbErrors.VALIDATION, "A condition value must be specified (" + at + ", " + kind
                        + ")");
            }
            out.add(value.asText());
        }
        return out;
    }

    /** The target group ARNs a normalised action list forwards to. */
    static List<String> targetGroups(JsonNode actions) {
        List<String> arns = new ArrayList<>();
        for (JsonNode action : actions) {
            action.path("ForwardConfig").path("TargetGroups").forEach(group -> arns.add(group.path("TargetGroupArn").asText()));
        }
        return arns;
    }

    /** The data plane's form of a normalised condition list. */
    static List<Condition> conditionSpecs(JsonNode conditions) {
        List<Condition> out = new ArrayList<>();
        for (JsonNode condition : conditions) {
            switch (condition.path("Field").asText()) {
                case "path-pattern" -> out.add(new Condition.PathPattern(texts(condition.path("PathPatternConfig").path("Values"))));
                case "host-header" -> out.add(new Condition.HostHeader(texts(condition.path("HostHeaderConfig").path("Values"))));
                case "http-header" -> out.add(new Condition.HttpHeader(condition.path("HttpHeaderConfig").path("HttpHeaderName")
                        .asText(), texts(condition.path("HttpHeaderConfig").path("Values"))));
                case "http-request-method" -> out.add(new Condition.RequestMethod(
                        texts(condition.path("HttpRequestMethodConfig").path("Values"))));
                case "source-ip" -> out.add(new Condition.SourceIp(texts(condition.path("SourceIpConfig").path("Values"))));
                case "query-string" -> {
                    List<Condition.KeyValue> pairs = new ArrayList<>();
                    condition.path("QueryStringConfig").path("Values").forEach(pair -> pairs.add(new Condition.KeyValue(
                            pair.hasNonNull("Key") ? pair.get("Key").asText() : null, pair.path("Value").asText())));
                    out.add(new Condition.QueryString(pairs));
                }
                default -> throw new IllegalStateException("stored condition of unknown field " + condition);
            }
        }
        return out;
    }

    /** The data plane's form of a normalised action list. */
    static ActionSpec actionSpec(JsonNode actions) {
        JsonNode action = actions.get(0);
        return switch (action.path("Type").asText()) {
            case "forward" -> {
                List<ActionSpec.WeightedGroup> groups = new ArrayList<>();
                action.path("ForwardConfig").path("TargetGroups").forEach(group -> groups.add(new ActionSpec.WeightedGroup(
                        group.path("TargetGroupArn").asText(), group.path("Weight").asInt(1))));
                yield new ActionSpec.Forward(groups);
            }
            case "fixed-response" -> {
                JsonNode config = action.path("FixedResponseConfig");
                yield new ActionSpec.FixedResponse(Integer.parseInt(config.path("StatusCode").asText("503")),
                        config.hasNonNull("ContentType") ? config.get("ContentType").asText() : null,
                        config.hasNonNull("MessageBody") ? config.get("MessageBody").asText() : null);
            }
            case "redirect" -> {
                JsonNode config = action.path("RedirectConfig");
                yield new ActionSpec.Redirect(config.path("Protocol").asText(null), config.path("Host").asText(null),
                        config.path("Port").asText(null), config.path("Path").asText(null),
                        config.path("Query").asText(null),
                        config.path("StatusCode").asText("HTTP_302").equals("HTTP_301") ? 301 : 302);
            }
            default -> throw new IllegalStateException("stored action of unknown type " + action);
        };
    }

    private static List<String> texts(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(value -> out.add(value.asText()));
        return out;
    }
}
