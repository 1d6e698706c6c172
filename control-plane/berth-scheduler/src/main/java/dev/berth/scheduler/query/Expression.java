package dev.berth.scheduler.query;

import dev.berth.scheduler.cluster.Instance;

/**
 * A parsed cluster query language expression: the {@code memberOf} placement constraint and the
 * {@code filter} of ListContainerInstances. Immutable and safe to share between threads.
 *
 * <p>{@link #toString()} gives a fully parenthesised form, which shows how the expression was
 * grouped: {@code a or b and c} is {@code (a or (b and c))}.
 */
public sealed interface Expression permits And, Or, Not, Comparison {

    /**
     * Parses an expression.
     *
     * @throws QueryException with what is wrong and at which position
     */
    static Expression parse(String text) {
        return new QueryParser(text).parse();
    }

    /** True when the instance belongs to the group the expression describes. */
    boolean matches(Instance instance);
}
