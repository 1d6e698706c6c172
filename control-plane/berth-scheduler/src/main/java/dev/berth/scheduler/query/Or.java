package dev.berth.scheduler.query;

import dev.berth.scheduler.cluster.Instance;

/** {@code left or right}, also spelled {@code ||}. */
record Or(Expression left, Expression right) implements Expression {
    @Override
    public boolean matches(Instance instance) {
        return left.matches(instance) || right.matches(instance);
    }

    @Override
    public String toString() {
        return "(" + left + " or " + right + ")";
    }
}
