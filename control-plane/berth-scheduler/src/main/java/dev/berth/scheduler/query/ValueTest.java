package dev.berth.scheduler.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled comparison of one present value with the argument(s). Built once per expression,
 * so that evaluating it over thousands of instances parses nothing but the instances' values.
 * Arguments were validated by the parser (integers, dates, patterns), so compiling cannot fail.
 */
@FunctionalInterface
interface ValueTest {
    boolean test(String value);

    static ValueTest compile(Subject.Kind kind, Operator operator, List<String> arguments) {
        return switch (operator) {
            case EXISTS, NOT_EXISTS -> value -> true; // presence is decided by the comparison itself
            case EQUALS -> equality(kind, arguments.getFirst());
            case NOT_EQUALS -> not(equality(kind, arguments.getFirst()));
            case IN -> anyOf(kind, arguments);
            case NOT_IN -> not(anyOf(kind, arguments));
            case MATCHES -> pattern(arguments.getFirst());
            case NOT_MATCHES -> not(pattern(arguments.getFirst()));
            case GREATER_THAN -> ordered(kind, arguments.getFirst(), order -> order > 0);
            case GREATER_THAN_EQUAL -> ordered(kind, arguments.getFirst(), order -> order >= 0);
            case LESS_THAN -> ordered(kind, arguments.getFirst(), order -> order < 0);
            case LESS_THAN_EQUAL -> ordered(kind, arguments.getFirst(), order -> order <= 0);
        };
    }

    private static ValueTest not(ValueTest test) {
        return value -> !test.test(value);
    }

    private static ValueTest pattern(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return value -> pattern.matcher(value).matches();
    }

    private static ValueTest anyOf(Subject.Kind kind, List<String> arguments) {
        ValueTest[] tests = arguments.stream().map(argument -> equality(kind, argument)).toArray(ValueTest[]::new);
        return value -> {
            for (ValueTest test : tests) {
                if (test.test(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** {@code *} in an argument is a wildcard; otherwise equal as the subject's kind says. */
    private static ValueTest equality(Subject.Kind kind, String argument) {
        if (argument.indexOf('*') >= 0) {
            Values.Glob glob = Values.Glob.of(argument);
            return glob::matches;
        }
        return switch (kind) {
            case TEXT -> {
                BigDecimal number = Values.number(argument);
                if (number == null) {
                    yield argument::equals;
                }
                yield value -> value.equals(argument) || compareNumbers(value, number) == 0;
            }
            case COUNT -> {
                BigDecimal number = Values.number(argument);
                yield value -> compareNumbers(value, number) == 0;
            }
            case VERSION -> value -> Values.compareVersions(value, argument) == 0;
            case DATE -> {
                Instant instant = Values.date(argument);
                yield value -> instant.equals(Values.date(value));
            }
        };
    }

    /** Ordering; a value that cannot be read as the kind says (a date, a count) never matches. */
    private static ValueTest ordered(Subject.Kind kind, String argument, Order holds) {
        return switch (kind) {
            case TEXT -> {
                BigDecimal number = Values.number(argument);
                yield value -> {
                    BigDecimal left = number == null ? null : Values.number(value);
                    return holds.test(left != null ? left.compareTo(number) : value.compareTo(argument));
                };
            }
            case COUNT -> {
                BigDecimal number = Values.number(argument);
                yield value -> {
                    BigDecimal left = Values.number(value);
                    return left != null && holds.test(left.compareTo(number));
                };
            }
            case VERSION -> value -> holds.test(Values.compareVersions(value, argument));
            case DATE -> {
                Instant instant = Values.date(argument);
                yield value -> {
                    Instant left = Values.date(value);
                    return left != null && holds.test(left.compareTo(instant));
                };
            }
        };
    }

    /** Compares a value with a number; a value that is not a number is never equal to it. */
    private static int compareNumbers(String value, BigDecimal number) {
        BigDecimal left = Values.number(value);
        return left == null ? Integer.MIN_VALUE : left.compareTo(number);
    }

    @FunctionalInterface
    interface Order {
        boolean test(int comparison);
    }
}
