package dev.berth.scheduler.query;

import java.util.Locale;
import java.util.Optional;

/** The comparison operators of the cluster query language, each with its symbol and its word. */
enum Operator {
    EQUALS("==", "equals", Argument.ONE),
    NOT_EQUALS("!=", "not_equals", Argument.ONE),
    GREATER_THAN(">", "greater_than", Argument.ONE),
    GREATER_THAN_EQUAL(">=", "greater_than_equal", Argument.ONE),
    LESS_THAN("<", "less_than", Argument.ONE),
    LESS_THAN_EQUAL("<=", "less_than_equal", Argument.ONE),
    EXISTS(null, "exists", Argument.NONE),
    NOT_EXISTS("!exists", "not_exists", Argument.NONE),
    IN(null, "in", Argument.LIST),
    NOT_IN("!in", "not_in", Argument.LIST),
    MATCHES("=~", "matches", Argument.ONE),
    NOT_MATCHES("!~", "not_matches", Argument.ONE);

    /** What follows the operator: nothing, one value, or a bracketed list of values. */
    enum Argument { NONE, ONE, LIST }

    /**
     * Symbols longest first, so that "!exists" is not read as "!" and ">=" not as ">".
     * "!in" and "!exists" are symbols that end in letters: the reader checks a word boundary.
     */
    static final Operator[] BY_SYMBOL_LENGTH = {
        NOT_EXISTS, NOT_IN, EQUALS, NOT_EQUALS, GREATER_THAN_EQUAL, LESS_THAN_EQUAL, MATCHES, NOT_MATCHES,
        GREATER_THAN, LESS_THAN,
    };

    final String symbol;
    final String word;
    final Argument argument;

    Operator(String symbol, String word, Argument argument) {
        this.symbol = symbol;
        this.word = word;
        this.argument = argument;
    }

    /** The operator spelled as a word ("not_in", "EQUALS"); words are matched ignoring case. */
    static Optional<Operator> byWord(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (Operator operator : values()) {
            if (operator.word.equals(lower)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    /** The short spelling, for messages and {@code toString} of expressions. */
    String spelling() {
        return symbol != null ? symbol : word;
    }

    /** True for the operators that hold when their positive twin does not (on a present value). */
    boolean negated() {
        return this == NOT_EQUALS || this == NOT_IN || this == NOT_MATCHES;
    }
}
