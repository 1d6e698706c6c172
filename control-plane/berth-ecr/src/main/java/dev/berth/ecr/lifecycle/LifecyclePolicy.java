package dev.berth.ecr.lifecycle;

import java.util.Comparator;
import java.util.List;

/**
 * A lifecycle policy: its rules in the order they apply, lowest rulePriority first.
 *
 * @see LifecyclePolicyParser for what ECR accepts as policy text
 */
public record LifecyclePolicy(List<LifecycleRule> rules) {
    public LifecyclePolicy {
        rules = rules.stream().sorted(Comparator.comparingInt(LifecycleRule::rulePriority)).toList();
    }

    /**
     * Parses and validates policy text as ECR does.
     *
     * @throws dev.berth.domain.error.ApiException InvalidParameterException in ECR's wording ("Invalid parameter
     *     at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: …'"),
     *     naming the rule and field at fault
     */
    public static LifecyclePolicy parse(String text) {
        return LifecyclePolicyParser.parse(text);
    }
}
