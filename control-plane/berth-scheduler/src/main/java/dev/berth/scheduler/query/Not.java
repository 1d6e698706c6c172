package dev.berth.scheduler.query;

import dev.berth.scheduler.cluster.Instance;

/** {@code not operand}, also spelled {@code !}: holds for instances that lack the subject, too. */
record Not(Expression operand) implements Expression {
    @Override
    public boolean matches(Instance instance) {
        return !operand.matches(instance);
    }

    @Override
    public String toString() {
        return "not " + operand;
    }
}
