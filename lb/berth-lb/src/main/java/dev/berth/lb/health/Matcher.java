package dev.berth.lb.health;

import java.util.BitSet;

/**
 * The HTTP codes a health check accepts, ELB's {@code Matcher.HttpCode}: codes and ranges
 * separated by commas ({@code 200}, {@code 200,202}, {@code 200-299}, {@code 200,300-399}), each
 * between 200 and 499 as ALB requires. Parsed once per configuration, so a check result is one
 * bit lookup; the API layer parses with it too, so both accept exactly the same strings.
 */
public final class Matcher {
    private static final int LOWEST = 200;
    private static final int HIGHEST = 499;

    private final String text;
    private final BitSet codes;

    private Matcher(String text, BitSet codes) {
        this.text = text;
        this.codes = codes;
    }

    /**
     * @throws IllegalArgumentException with a message fit for an API error when the syntax is
     *     wrong or a code lies outside 200–499
     */
    public static Matcher parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The health check matcher must not be empty: use a code such as 200, "
                    + "a list such as 200,202 or a range such as 200-299");
        }
        BitSet codes = new BitSet(HIGHEST + 1);
        for (String part : text.split(",", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("The health check matcher '" + text + "' has an empty entry");
            }
            int dash = entry.indexOf('-');
            if (dash < 0) {
                codes.set(code(entry, text));
                continue;
            }
            int from = code(entry.substring(0, dash).strip(), text);
            int to = code(entry.substring(dash + 1).strip(), text);
            if (from > to) {
                throw new IllegalArgumentException(
                        "The health check matcher '" + text + "' has a range that ends before it starts: " + entry);
            }
            codes.set(from, to + 1);
        }
        return new Matcher(text.strip(), codes);
    }

    public boolean matches(int status) {
        return status >= LOWEST && status <= HIGHEST && codes.get(status);
    }

    private static int code(String digits, String text) {
        boolean threeDigits = digits.length() == 3;
        for (int i = 0; threeDigits && i < 3; i++) {
            threeDigits = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
        }
        if (!threeDigits) {
            throw new IllegalArgumentException("The health check matcher '" + text + "' has '" + digits
                    + "' where an HTTP code is expected; use e.g. 200, 200,202 or 200-299");
        }
        int code = Integer.parseInt(digits);
        if (code < LOWEST || code > HIGHEST) {
            throw new IllegalArgumentException("The health check matcher '" + text + "' has the code " + code
                    + "; codes must be between " + LOWEST + " and " + HIGHEST);
        }
        return code;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Matcher matcher && codes.equals(matcher.codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }

    /** The text it was parsed from. */
    @Override
    public String toString() {
        return text;
    }
}
