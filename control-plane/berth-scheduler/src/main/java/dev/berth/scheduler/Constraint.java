package dev.berth.scheduler;

import dev.berth.scheduler.query.Expression;
import java.util.Objects;

/** A placement constraint: an instance that fails one is not a candidate at all. */
public sealed interface Constraint {

    /**
     * Each task of the group on a different instance: an instance already running a task of the
     * request's group is excluded, and so is one that took an earlier copy of the same request.
     */
    record DistinctInstance() implements Constraint {}

    /** Only instances the cluster query language expression matches. */
    record MemberOf(Expression expression) implements Constraint {
        public MemberOf {
            Objects.requireNonNull(expression, "expression");
        }

        /** @throws dev.berth.scheduler.query.QueryException when the expression does not parse */
        public static MemberOf parse(String expression) {
            return new MemberOf(Expression.parse(expression));
        }
    }

    static Constraint distinctInstance() {
        return new DistinctInstance();
    }

    static Constraint memberOf(String expression) {
        return MemberOf.parse(expression);
    }
}
