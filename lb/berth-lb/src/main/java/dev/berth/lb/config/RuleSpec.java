package dev.berth.lb.config;

import java.util.List;

/**
 * A listener rule: all conditions must hold (AND); each condition holds when any of its values
 * matches (OR). The default rule has no conditions and always matches.
 *
 * @param arn the rule's ARN
 * @param priority 1..50000, lower first; {@link #DEFAULT_PRIORITY} for the default rule
 * @param conditions the conditions, empty for the default rule
 * @param action the terminal action
 */
public record RuleSpec(String arn, int priority, List<Condition> conditions, ActionSpec action) {
    public static final int DEFAULT_PRIORITY = Integer.MAX_VALUE;

    public RuleSpec {
        conditions = List.copyOf(conditions);
    }

    public boolean isDefault() {
        return priority == DEFAULT_PRIORITY;
    }
}
