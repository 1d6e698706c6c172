package dev.berth.scheduler.query;

import dev.berth.scheduler.cluster.Instance;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code subject operator [argument]}.
 *
 * <p>A subject the instance lacks (no such attribute, no such field, no task) satisfies only
 * {@code !exists}: ECS's own example {@code attribute:stack != prod} lists the instances that
 * have the attribute "stack" with another value, not those without it. Use {@code not (...)} to
 * include them. {@code task:group} has one value per group with a task on the instance and holds
 * when any of them satisfies the operator, so {@code task:group != a} means "runs a task of some
 * group other than a"; ECS's documented anti-affinity is {@code not(task:group == a)}.
 */
record Comparison(Subject subject, Operator operator, List<String> arguments, ValueTest test) implements Expression {

    Comparison {
        arguments = List.copyOf(arguments);
    }

    static Comparison of(Subject subject, Operator operator, List<String> arguments) {
        return new Comparison(subject, operator, arguments, ValueTest.compile(subject.kind(), operator, arguments));
    }

    @Override
    public boolean matches(Instance instance) {
        return switch (subject) {
            case Subject.Attribute attribute -> holdsFor(instance.attributes().get(attribute.name()));
            case Subject.Field field -> holdsFor(instance.fields().get(field.text()));
            case Subject.TaskGroup group -> holdsForAnyGroup(instance.tasksByGroup());
        };
    }

    private boolean holdsFor(String value) {
        if (value == null) {
            return operator == Operator.NOT_EXISTS;
        }
        return operator != Operator.NOT_EXISTS && test.test(value);
    }

    private boolean holdsForAnyGroup(Map<String, Integer> tasksByGroup) {
        boolean present = false;
        for (Map.Entry<String, Integer> group : tasksByGroup.entrySet()) {
            if (group.getValue() > 0) {
                present = true;
                if (operator != Operator.NOT_EXISTS && test.test(group.getKey())) {
                    return true;
                }
            }
        }
        return !present && operator == Operator.NOT_EXISTS;
    }

    @Override
    public String toString() {
        String argument = switch (operator.argument) {
            case NONE -> "";
            case ONE -> " " + arguments.getFirst();
            case LIST -> arguments.stream().collect(Collectors.joining(", ", " [", "]"));
        };
        return subject.text() + " " + operator.spelling() + argument;
    }
}
