package dev.berth.scheduler.query;

import dev.berth.scheduler.cluster.Instance;

/** {@code left and right}, also spelled {@code &&}. */
record And(Expression left, Expression right) implements Expression {
    @Override
    public boolean matches(Instance instance) {
        return left.matches(instance) && right.matches(instance);
    }

    @Override
    public String toString() {
        return "(" + left + " and " + right + ")";
    }
}
