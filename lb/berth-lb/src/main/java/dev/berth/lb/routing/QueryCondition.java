package dev.berth.lb.routing;

import dev.berth.lb.config.Condition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A query-string condition: holds when some {@code key=value} pair of the query matches some
 * configured pair. Like ALB it compares URL-decoded keys and values ({@code +} is a space,
 * {@code %XX} are UTF-8 bytes), case-insensitively; a configured pair without a key matches any
 * key. A parameter without {@code =} has that key and an empty value.
 *
 * <p>The query is scanned in place on every evaluation; only a key or value that holds an escape
 * is decoded into a new string, so the common request allocates nothing here.
 */
final class QueryCondition {
    private final Glob[] keys;
    private final Glob[] values;

    private QueryCondition(Glob[] keys, Glob[] values) {
        this.keys = keys;
        this.values = values;
    }

    static QueryCondition compile(List<Condition.KeyValue> pairs) {
        Glob[] keys = new Glob[pairs.size()];
        Glob[] values = new Glob[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            Condition.KeyValue pair = pairs.get(i);
            keys[i] = pair.key() == null ? null : Glob.compile(pair.key(), true, true);
            values[i] = Glob.compile(pair.value(), true, true);
        }
        return new QueryCondition(keys, values);
    }

    boolean holds(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        int start = 0;
        while (start < rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start && pairHolds(rawQuery, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private boolean pairHolds(String query, int start, int end) {
        int keyEnd = query.indexOf('=', start);
        if (keyEnd < 0 || keyEnd > end) {
            keyEnd = end;
        }
        int valueStart = Math.min(keyEnd + 1, end);
        String key = query;
        int keyFrom = start;
        int keyTo = keyEnd;
        if (needsDecoding(query, start, keyEnd)) {
            key = decode(query, start, keyEnd);
            keyFrom = 0;
            keyTo = key.length();
        }
        String value = query;
        int valueFrom = valueStart;
        int valueTo = end;
        if (needsDecoding(query, valueStart, end)) {
            value = decode(query, valueStart, end);
            valueFrom = 0;
            valueTo = value.length();
        }
        for (int i = 0; i < values.length; i++) {
            if ((keys[i] == null || keys[i].matches(key, keyFrom, keyTo))
                    && values[i].matches(value, valueFrom, valueTo)) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsDecoding(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                return true;
            }
        }
        return false;
    }

    /** Lenient like browsers: a {@code %} not followed by two hex digits stays as it is. */
    private static String decode(String s, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            int b = c == '%' ? hex(s, i + 1, to) : -1;
            if (b >= 0) {
                bytes.write(b);
                i += 3;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(c == '+' ? ' ' : c);
            i++;
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The byte {@code %XX} at {@code s[at, at+2)} stands for, or -1. */
    private static int hex(String s, int at, int to) {
        if (at + 2 > to) {
            return -1;
        }
        int high = Character.digit(s.charAt(at), 16);
        int low = Character.digit(s.charAt(at + 1), 16);
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }
}
