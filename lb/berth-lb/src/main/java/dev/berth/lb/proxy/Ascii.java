package dev.berth.lb.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Byte-level helpers for HTTP/1.1 heads (RFC 9110/9112 grammar). */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte[] CRLF = {CR, LF};
    /** tchar: the characters of a token (method, header name). */
    static final boolean[] TOKEN = new boolean[256];
    static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Ascii() {
    }

    /** The index of the first CR or LF in h[from, end), or end: eight bytes at a time. */
    static int crOrLf(byte[] h, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(h, i);
            long cr = x ^ CRS;
            long lf = x ^ LFS;
            // A byte of cr or lf is zero where x holds a CR or LF; the lowest flagged byte is exact.
            long t = ((cr - ONES) & ~cr | (lf - ONES) & ~lf) & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte b = h[i];
            if (b == '\r' || b == '\n') {
                return i;
            }
        }
        return end;
    }

    /**
     * The index just past the empty line that ends a head in h[0, n), or -1: the same rule as
     * {@link HeadEndFinder} (a bare LF ends a line too), over an array.
     */
    static int headEnd(byte[] h, int n) {
        boolean atLineStart = false;
        for (int i = 0; i < n; i++) {
            byte b = h[i];
            if (b == '\n') {
                if (atLineStart) {
                    return i + 1;
                }
                atLineStart = true;
            } else if (b != '\r') {
                atLineStart = false;
            }
        }
        return -1;
    }

    static boolean isToken(byte b) {
        return TOKEN[b & 0xff];
    }

    /** Whether h[from, from + lower.length) equals lower (lower case letters, digits, '-') ignoring case. */
    static boolean equalsLower(byte[] h, int from, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if ((h[from + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsIgnoreCase(byte[] h, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            int a = h[from + i] & 0xff;
            int b = s.charAt(i);
            if (a != b) {
                if (a >= 'A' && a <= 'Z') {
                    a += 32;
                }
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (a != b) {
                    return false;
                }
            }
        }
        return true;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] h, int from, int to) {
        return new String(h, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses a comma-separated token list (Connection, Transfer-Encoding) calling back per token;
     * returns false when an element is not a token.
     */
    interface TokenSink {
        void token(byte[] h, int from, int to);
    }

    static boolean tokens(byte[] h, int from, int to, TokenSink sink) {
        int p = from;
        while (p < to) {
            while (p < to && (h[p] == ' ' || h[p] == '\t' || h[p] == ',')) {
                p++;
            }
            if (p >= to) {
                break;
            }
            int s = p;
            while (p < to && isToken(h[p])) {
                p++;
            }
            if (p == s) {
                return false;
            }
            int e = p;
            while (p < to && (h[p] == ' ' || h[p] == '\t')) {
                p++;
            }
            if (p < to && h[p] != ',') {
                return false;
            }
            sink.token(h, s, e);
        }
        return true;
    }

    /** Parses 1..18 decimal digits; -1 when not that. */
    static long digits(byte[] h, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = h[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
