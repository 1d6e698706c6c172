package dev.berth.scheduler.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * A recursive-descent parser for the cluster query language. Precedence, loosest first: {@code or}
 * ({@code ||}), {@code and} ({@code &&}), {@code not} ({@code !}); parentheses group.
 *
 * <pre>
 * expression := and ( ("or" | "||") and )*
 * and        := unary ( ("and" | "&amp;&amp;") unary )*
 * unary      := ("not" | "!") unary | "(" expression ")" | comparison
 * comparison := subject operator [ value | "[" value ("," value)* "]" ]
 * value      := 'quoted' | "quoted" | unquoted
 * </pre>
 *
 * Values are read by context rather than by a separate lexer: an unquoted value ends at a space,
 * a bracket, a comma or a quote, but the pattern after {@code =~} may hold balanced parentheses
 * and character classes ({@code (t2|t3)\..*}), and quoted values keep every character, including
 * backslashes, up to the next quote of the same kind. Keywords and word operators ignore case.
 */
final class QueryParser {
    private static final int MAX_DEPTH = 100;
    private static final String SUBJECTS = "attribute:NAME, " + String.join(", ", Subject.FIELDS.keySet().stream().sorted().toList()) + " or task:group";

    private final String text;
    private int position;
    private int depth;

    QueryParser(String text) {
        this.text = Objects.requireNonNull(text, "expression");
    }

    Expression parse() {
        Expression expression = or();
        skipSpaces();
        if (position < text.length()) {
            throw error("unexpected " + describe(position) + " after a complete expression; expected 'and', 'or' or the end", position);
        }
        return expression;
    }

    private Expression or() {
        Expression left = and();
        while (takeConnective("or", "||")) {
            left = new Or(left, and());
        }
        return left;
    }

    private Expression and() {
        Expression left = unary();
        while (takeConnective("and", "&&")) {
            left = new And(left, unary());
        }
        return left;
    }

    private Expression unary() {
        skipSpaces();
        if (++depth > MAX_DEPTH) {
            throw error("the expression is nested more than " + MAX_DEPTH + " levels deep", position);
        }
        try {
            if (at('(')) {
                int open = position++;
                Expression inner = or();
                skipSpaces();
                if (!at(')')) {
                    throw error("expected ')' to close the '(' at position " + (open + 1) + ", found " + describe(position), position);
                }
                position++;
                return inner;
            }
            if (at('!')) {
                position++;
                return new Not(unary());
            }
            if (word(position).equalsIgnoreCase("not")) {
                position += 3;
                return new Not(unary());
            }
            return comparison();
        } finally {
            depth--;
        }
    }

    private Expression comparison() {
        int subjectStart = position;
        String word = word(position);
        if (word.isEmpty()) {
            throw error("expected a subject (" + SUBJECTS + "), found " + describe(position), position);
        }
        Subject subject = Subject.named(word).orElseThrow(() ->
                error("unknown subject '" + word + "'; expected " + SUBJECTS, subjectStart));
        position += word.length();
        skipSpaces();
        int operatorStart = position;
        Operator operator = operator(subject);
        if (!subject.operators().contains(operator)) {
            String valid = subject.operators().stream().map(Operator::spelling).collect(Collectors.joining(", "));
            throw error("operator '" + operator.spelling() + "' cannot be used with " + subject.text() + "; use one of " + valid, operatorStart);
        }
        List<String> arguments = switch (operator.argument) {
            case NONE -> List.of();
            case ONE -> List.of(value(subject, operator, false));
            case LIST -> list(subject, operator);
        };
        return Comparison.of(subject, operator, arguments);
    }

    private Operator operator(Subject subject) {
        for (Operator operator : Operator.BY_SYMBOL_LENGTH) {
            String symbol = operator.symbol;
            boolean endsInLetter = Character.isLetter(symbol.charAt(symbol.length() - 1));
            if (text.startsWith(symbol, position) && (!endsInLetter || endsWord(position + symbol.length()))) {
                position += symbol.length();
                return operator;
            }
        }
        String word = word(position);
        Operator operator = Operator.byWord(word).orElseThrow(() -> error("expected an operator (==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~) after "
                + subject.text() + ", found " + describe(position), position));
        position += word.length();
        return operator;
    }

    private List<String> list(Subject subject, Operator operator) {
        skipSpaces();
        if (!at('[')) {
            throw error("expected '[' to start the list of values after '" + operator.spelling() + "', found " + describe(position), position);
        }
        position++;
        List<String> values = new ArrayList<>();
        while (true) {
            values.add(value(subject, operator, true));
            skipSpaces();
            if (at(',')) {
                position++;
            } else if (at(']')) {
                position++;
                return values;
            } else {
                throw error("expected ',' or ']' in the list of values, found " + describe(position), position);
            }
        }
    }

    private String value(Subject subject, Operator operator, boolean inList) {
        skipSpaces();
        int start = position;
        String value;
        int offset = 0;
        if (at('\'') || at('"')) {
            int end = text.indexOf(text.charAt(start), start + 1);
            if (end < 0) {
                throw error("the quoted value is not closed", start);
            }
            value = text.substring(start + 1, end);
            offset = 1;
            position = end + 1;
        } else {
            boolean pattern = operator == Operator.MATCHES || operator == Operator.NOT_MATCHES;
            position = pattern ? patternEnd(start) : valueEnd(start);
            value = text.substring(start, position);
            if (value.isEmpty()) {
                String what = inList ? "a value in the list" : "a value after '" + operator.spelling() + "'";
                throw error("expected " + what + ", found " + describe(start), start);
            }
        }
        check(subject, operator, value, start + offset);
        return value;
    }

    /** Rejects arguments that cannot be compared as the subject requires. */
    private void check(Subject subject, Operator operator, String value, int start) {
        if (operator == Operator.MATCHES || operator == Operator.NOT_MATCHES) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException invalid) {
                throw error("invalid regular expression '" + value + "': " + invalid.getDescription(), start + Math.max(invalid.getIndex(), 0));
            }
            return;
        }
        boolean wildcard = value.indexOf('*') >= 0
                && (operator == Operator.EQUALS || operator == Operator.NOT_EQUALS || operator == Operator.IN || operator == Operator.NOT_IN);
        if (wildcard) {
            return;
        }
        if (subject.kind() == Subject.Kind.COUNT && !Values.isInteger(value)) {
            throw error("'" + value + "' is not a whole number, which " + subject.text() + " is compared with", start);
        }
        if (subject.kind() == Subject.Kind.DATE && Values.date(value) == null) {
            throw error("'" + value + "' is not a date; use 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18", start);
        }
    }

    private boolean takeConnective(String word, String symbol) {
        skipSpaces();
        if (text.startsWith(symbol, position)) {
            position += symbol.length();
            return true;
        }
        if (word(position).equalsIgnoreCase(word)) {
            position += word.length();
            return true;
        }
        return false;
    }

    /** A subject, keyword or word operator: up to a space or a character the language reserves. */
    private String word(int from) {
        int end = from;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && "()[],'\"&|=!<>~".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(from, end);
    }

    private boolean endsWord(int index) {
        return index >= text.length() || !Character.isLetterOrDigit(text.charAt(index)) && text.charAt(index) != '_';
    }

    /** An unquoted value ends at a space, a bracket, a comma, a quote, {@code &&} or {@code ||}. */
    private int valueEnd(int from) {
        int end = from;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && "()[],'\"".indexOf(text.charAt(end)) < 0
                && !text.startsWith("&&", end) && !text.startsWith("||", end)) {
            end++;
        }
        return end;
    }

    /**
     * An unquoted pattern ends at a space, at a ')' it did not open, or at {@code &&} / {@code ||};
     * escapes and character classes are skipped whole, so {@code [ )]} and {@code \)} stay inside.
     */
    private int patternEnd(int from) {
        int end = from;
        int open = 0;
        boolean inClass = false;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '\\' && end + 1 < text.length()) {
                end += 2;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (Character.isWhitespace(c) || c == ')' && open == 0
                    || open == 0 && (text.startsWith("&&", end) || text.startsWith("||", end))) {
                break;
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                open++;
            } else if (c == ')') {
                open--;
            }
            end++;
        }
        return end;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private boolean at(char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    private String describe(int index) {
        if (index >= text.length()) {
            return "the end of the expression";
        }
        String word = word(index);
        return "'" + (word.isEmpty() ? String.valueOf(text.charAt(index)) : word) + "'";
    }

    private QueryException error(String problem, int index) {
        return new QueryException(problem, index + 1);
    }
}
