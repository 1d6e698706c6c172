package dev.berth.scheduler.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** How the query language reads numbers, versions and dates out of strings. */
final class Values {
    private Values() {}

    /**
     * The number a string spells ("12", "-3", "1.5"), or null. Checked by hand first because
     * an exception per non-numeric attribute would dominate the evaluation of a filter.
     */
    static BigDecimal number(String text) {
        int length = text.length();
        int start = length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        boolean digits = false;
        boolean point = false;
        for (int i = start; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return null;
            }
        }
        return digits ? new BigDecimal(text) : null;
    }

    /** True when the string is an integer such as "0", "17" or "-2". */
    static boolean isInteger(String text) {
        BigDecimal number = number(text);
        return number != null && text.indexOf('.') < 0;
    }

    /**
     * Compares dotted versions part by part: numerically when both parts are numbers, else as
     * strings; a missing part counts as 0, so "1.14" equals "1.14.0".
     */
    static int compareVersions(String left, String right) {
        String[] a = left.split("\\.", -1);
        String[] b = right.split("\\.", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "0";
            String y = i < b.length ? b[i] : "0";
            BigDecimal nx = number(x);
            BigDecimal ny = number(y);
            int order = nx != null && ny != null ? nx.compareTo(ny) : x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /**
     * The instant a date spells, in the formats ECS documents for {@code registeredAt}
     * (2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28, 2018-06-18), or
     * null. Without an offset the time is UTC; a date alone is the start of that day.
     */
    static Instant date(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // try the next format
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /** Whole-string matching with {@code *} for any run of characters; nothing else is special. */
    record Glob(String pattern, String[] parts) {
        static Glob of(String pattern) {
            return new Glob(pattern, pattern.split("\\*", -1));
        }

        boolean matches(String text) {
            if (parts.length == 1) {
                return text.equals(pattern);
            }
            String first = parts[0];
            String last = parts[parts.length - 1];
            if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
                return false;
            }
            int from = first.length();
            int end = text.length() - last.length();
            for (int i = 1; i < parts.length - 1; i++) {
                int at = text.indexOf(parts[i], from);
                if (at < 0 || at + parts[i].length() > end) {
                    return false;
                }
                from = at + parts[i].length();
            }
            return true;
        }
    }
}
