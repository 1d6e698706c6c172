package dev.berth.lb.routing;

import java.util.Arrays;

/**
 * An ELB wildcard pattern, compiled once per configuration and matched per request: {@code *}
 * matches any run of characters (also none), {@code ?} exactly one.
 *
 * <p>Matching is the greedy scan with a single backtrack point (the last {@code *} seen), not a
 * regular expression: it allocates nothing and runs in O(pattern × text) at worst, where a
 * backtracking regex could go exponential on a hostile header. Characters are UTF-16 units, so
 * {@code ?} matches one unit; ELB's condition values are ASCII in practice.
 */
final class Glob {
    private static final byte LITERAL = 0;
    private static final byte ONE = 1;
    private static final byte ANY = 2;

    private final char[] chars;
    private final byte[] kinds;
    private final boolean ignoreCase;

    private Glob(char[] chars, byte[] kinds, boolean ignoreCase) {
        this.chars = chars;
        this.kinds = kinds;
        this.ignoreCase = ignoreCase;
    }

    /**
     * @param escapes whether {@code \*} and {@code \?} stand for the literal characters (ELB
     *     allows it in query-string conditions only); any other backslash is literal
     */
    static Glob compile(String pattern, boolean ignoreCase, boolean escapes) {
        char[] chars = new char[pattern.length()];
        byte[] kinds = new byte[pattern.length()];
        int n = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            byte kind = LITERAL;
            if (escapes && c == '\\' && i + 1 < pattern.length()
                    && (pattern.charAt(i + 1) == '*' || pattern.charAt(i + 1) == '?')) {
                c = pattern.charAt(++i);
            } else if (c == '*') {
                // Consecutive stars mean what one does; keeping one bounds the backtracking.
                if (n > 0 && kinds[n - 1] == ANY) {
                    continue;
                }
                kind = ANY;
            } else if (c == '?') {
                kind = ONE;
            }
            chars[n] = ignoreCase ? fold(c) : c;
            kinds[n] = kind;
            n++;
        }
        return new Glob(Arrays.copyOf(chars, n), Arrays.copyOf(kinds, n), ignoreCase);
    }

    boolean matches(String text) {
        return matches(text, 0, text.length());
    }

    /** Whether the pattern matches all of {@code text[from, to)}. */
    boolean matches(String text, int from, int to) {
        int p = 0;
        int t = from;
        int starP = -1;
        int starT = -1;
        while (t < to) {
            if (p < kinds.length && kinds[p] == ANY) {
                starP = p++;
                starT = t;
            } else if (p < kinds.length && (kinds[p] == ONE || same(chars[p], text.charAt(t)))) {
                p++;
                t++;
            } else if (starP >= 0) {
                // Let the last star swallow one more character and retry what follows it.
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < kinds.length && kinds[p] == ANY) {
            p++;
        }
        return p == kinds.length;
    }

    private boolean same(char patternChar, char textChar) {
        return patternChar == (ignoreCase ? fold(textChar) : textChar);
    }

    /** The folding {@link String#equalsIgnoreCase} uses, without its allocation. */
    private static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }
}
