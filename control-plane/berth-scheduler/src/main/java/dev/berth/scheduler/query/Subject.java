package dev.berth.scheduler.query;

import static dev.berth.scheduler.query.Operator.EQUALS;
import static dev.berth.scheduler.query.Operator.GREATER_THAN;
import static dev.berth.scheduler.query.Operator.GREATER_THAN_EQUAL;
import static dev.berth.scheduler.query.Operator.IN;
import static dev.berth.scheduler.query.Operator.LESS_THAN;
import static dev.berth.scheduler.query.Operator.LESS_THAN_EQUAL;
import static dev.berth.scheduler.query.Operator.MATCHES;
import static dev.berth.scheduler.query.Operator.NOT_EQUALS;
import static dev.berth.scheduler.query.Operator.NOT_IN;
import static dev.berth.scheduler.query.Operator.NOT_MATCHES;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What an expression compares: an attribute, a built-in field, or the task groups on the instance. */
sealed interface Subject {

    /** How a subject's values compare with {@code <}, {@code >} and {@code ==}. */
    enum Kind {
        /** Numerically when both sides are numbers, else as strings. */
        TEXT,
        /** Integers; a non-integer argument is an error. */
        COUNT,
        /** Dotted versions, part by part ("1.9.0" &lt; "1.14.5"). */
        VERSION,
        /** Instants; the argument must be one of the documented date formats. */
        DATE
    }

    String text();

    Kind kind();

    /** The operators ECS documents for this subject. */
    Set<Operator> operators();

    /** {@code attribute:NAME}: every operator, including exists and !exists. */
    record Attribute(String name) implements Subject {
        @Override
        public String text() {
            return "attribute:" + name;
        }

        @Override
        public Kind kind() {
            return Kind.TEXT;
        }

        @Override
        public Set<Operator> operators() {
            return EnumSet.allOf(Operator.class);
        }
    }

    /** A built-in field of the container instance, with the operators ECS lists for it. */
    record Field(String text, Kind kind, Set<Operator> operators) implements Subject {}

    /** {@code task:group}: the groups of the tasks on the instance; holds when any group does. */
    record TaskGroup() implements Subject {
        @Override
        public String text() {
            return "task:group";
        }

        @Override
        public Kind kind() {
            return Kind.TEXT;
        }

        @Override
        public Set<Operator> operators() {
            return EnumSet.allOf(Operator.class);
        }
    }

    Set<Operator> IDENTITY = EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, MATCHES, NOT_MATCHES);
    Set<Operator> ORDERED = EnumSet.of(EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL);

    /**
     * The documented fields. ECS does not document {@code pendingTasksCount} as a subject; Berth
     * reads it like {@code runningTasksCount}.
     */
    Map<String, Field> FIELDS = Map.of(
            "agentConnected", new Field("agentConnected", Kind.TEXT, IDENTITY),
            "agentVersion", new Field("agentVersion", Kind.VERSION, ORDERED),
            "ec2InstanceId", new Field("ec2InstanceId", Kind.TEXT, IDENTITY),
            "registeredAt", new Field("registeredAt", Kind.DATE, ORDERED),
            "runningTasksCount", new Field("runningTasksCount", Kind.COUNT, ORDERED),
            "pendingTasksCount", new Field("pendingTasksCount", Kind.COUNT, ORDERED));

    /** The subject a word names, if any: {@code attribute:} needs a name after the colon. */
    static Optional<Subject> named(String word) {
        if (word.startsWith("attribute:") && word.length() > "attribute:".length()) {
            return Optional.of(new Attribute(word.substring("attribute:".length())));
        }
        if (word.equals("task:group")) {
            return Optional.of(new TaskGroup());
        }
        return Optional.ofNullable(FIELDS.get(word));
    }
}
