package dev.berth.elb;

import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ELB's ARN shapes: {@code loadbalancer/app/NAME/ID}, {@code listener/app/NAME/LBID/ID},
 * {@code listener-rule/app/NAME/LBID/LID/ID}, {@code targetgroup/NAME/ID}, ids 16 hex digits.
 * Parsing yields the store id the resource is kept under; the caller still compares the whole ARN
 * with the stored one, so an ARN of a deleted and re-created resource of the same name is not found.
 */
public final class ElbArns {
    private static final Pattern ARN = Pattern.compile(
            "arn:aws:elasticloadbalancing:[a-z0-9-]*:\\d{12}:(loadbalancer|listener|listener-rule|targetgroup)/(.+)");

    private ElbArns() {
    }

    public static String prefix(RequestContext context) {
        return "arn:aws:elasticloadbalancing:" + context.region() + ":" + context.accountId() + ":";
    }

    public static String loadBalancer(RequestContext context, String name, String id) {
        return prefix(context) + "loadbalancer/app/" + name + "/" + id;
    }

    public static String listener(String loadBalancerArn, String id) {
        return loadBalancerArn.replace(":loadbalancer/", ":listener/") + "/" + id;
    }

    public static String rule(String listenerArn, String id) {
        return listenerArn.replace(":listener/", ":listener-rule/") + "/" + id;
    }

    public static String targetGroup(RequestContext context, String name, String id) {
        return prefix(context) + "targetgroup/" + name + "/" + id;
    }

    /** The name part of a target group ARN, which is what its record is keyed by. */
    public static String targetGroupName(String arn) {
        return parts(arn, "targetgroup", 2).map(p -> p[0]).orElseThrow(() -> new ApiException(
                ElbErrors.TARGET_GROUP_NOT_FOUND, "Target groups '" + arn + "' not found"));
    }

    public static String loadBalancerName(String arn) {
        return parts(arn, "loadbalancer", 3).map(p -> p[1]).orElseThrow(() -> new ApiException(
                ElbErrors.LOAD_BALANCER_NOT_FOUND, "Load balancers '[" + arn + "]' not found"));
    }

    /** {@code lbName/listenerId}. */
    public static String listenerId(String arn) {
        return parts(arn, "listener", 4).map(p -> p[1] + "/" + p[3]).orElseThrow(() -> new ApiException(
                ElbErrors.LISTENER_NOT_FOUND, "One or more listeners not found"));
    }

    /** {@code lbName/listenerId/ruleId}. */
    public static String ruleId(String arn) {
        return parts(arn, "listener-rule", 5).map(p -> p[1] + "/" + p[3] + "/" + p[4]).orElseThrow(() -> new ApiException(
                ElbErrors.RULE_NOT_FOUND, "One or more rules not found"));
    }

    private static Optional<String[]> parts(String arn, String type, int count) {
        Matcher matcher = ARN.matcher(arn == null ? "" : arn);
        if (!matcher.matches() || !matcher.group(1).equals(type)) {
            return Optional.empty();
        }
        String[] parts = matcher.group(2).split("/", -1);
        return parts.length == count ? Optional.of(parts) : Optional.empty();
    }
}
