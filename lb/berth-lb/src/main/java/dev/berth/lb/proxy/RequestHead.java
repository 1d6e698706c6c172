package dev.berth.lb.proxy;

import static dev.berth.lb.proxy.Ascii.CR;
import static dev.berth.lb.proxy.Ascii.LF;
import static dev.berth.lb.proxy.Ascii.equalsLower;

import dev.berth.lb.routing.RequestFacts;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A request head parsed in place: one per event loop, reused for every request, valid while the
 * request's head is being handled (it reads the loop's scratch copy of the head bytes). Parses
 * strictly (CRLF line ends, no obs-fold, no whitespace before a colon, no control characters):
 * the original header bytes go to the target, so the proxy must not read them differently than
 * the target would.
 */
final class RequestHead implements RequestFacts {
    static final int OTHER = 0, GET = 1, HEAD = 2, POST = 3, PUT = 4, DELETE = 5, OPTIONS = 6, TRACE = 7,
            PATCH = 8, CONNECT = 9;
    /** Header-line kinds the proxy edits. */
    static final int M_CONNECTION = 1, M_KEEP_ALIVE = 2, M_PROXY_CONNECTION = 3, M_XFF = 4, M_XF_PROTO = 5,
            M_XF_PORT = 6;

    private static final byte[] HOST = Ascii.bytes("host");
    private static final byte[] EXPECT = Ascii.bytes("expect");
    private static final byte[] UPGRADE = Ascii.bytes("upgrade");
    private static final byte[] CONNECTION = Ascii.bytes("connection");
    private static final byte[] KEEP_ALIVE = Ascii.bytes("keep-alive");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("content-length");
    private static final byte[] XFF = Ascii.bytes("x-forwarded-for");
    private static final byte[] TRACE_ID = Ascii.bytes("x-amzn-trace-id");
    private static final byte[] XF_PORT = Ascii.bytes("x-forwarded-port");
    private static final byte[] PROXY_CONNECTION = Ascii.bytes("proxy-connection");
    private static final byte[] TRANSFER_ENCODING = Ascii.bytes("transfer-encoding");
    private static final byte[] XF_PROTO = Ascii.bytes("x-forwarded-proto");
    private static final byte[] CLOSE = Ascii.bytes("close");
    private static final byte[] CHUNKED = Ascii.bytes("chunked");

    final byte[] h;
    int length;
    /** Why the head is malformed (a 400's text), null when it is not. */
    String error;

    int method;
    private String methodName;
    int methodEnd;
    int targetStart, targetEnd;
    private int pathStart, pathEnd, queryStart;
    boolean http10;
    int hostStart, hostEnd;
    long contentLength;
    boolean chunked;
    private boolean hasTransferEncoding, teLastChunked, teBad;
    boolean connClose, connKeepAlive, connUpgrade, upgrade, hasTraceId, expectContinue;
    int headersStart, headersEnd;
    /** Triples (kind, line start, line end after CRLF) of the lines the proxy edits, in order. */
    int[] marks = new int[24];
    int markCount;
    /** Pairs (start, end) of X-Forwarded-For values. */
    int[] xff = new int[8];
    int xffCount;
    InetAddress source;

    private final Ascii.TokenSink connectionSink = this::connectionToken;
    private final Ascii.TokenSink codingSink = this::transferCoding;
    private String path, query, host;
    private boolean hostDone;

    RequestHead(byte[] scratch) {
        this.h = scratch;
    }

    /** Parses h[0, n), which ends with the empty line; false (and {@link #error}) when malformed. */
    boolean parse(int n, InetAddress source) {
        this.length = n;
        this.source = source;
        error = null;
        methodName = null;
        path = null;
        query = null;
        host = null;
        hostDone = false;
        hostStart = -1;
        hostEnd = -1;
        contentLength = -1;
        chunked = false;
        hasTransferEncoding = false;
        teLastChunked = false;
        teBad = false;
        connClose = false;
        connKeepAlive = false;
        connUpgrade = false;
        upgrade = false;
        hasTraceId = false;
        expectContinue = false;
        markCount = 0;
        xffCount = 0;

        byte[] h = this.h;
        int p = 0;
        while (Ascii.isToken(h[p])) {
            p++;
        }
        if (p == 0 || h[p] != ' ') {
            return bad("malformed request line");
        }
        methodEnd = p;
        method = methodCode(h, p);
        p++;
        targetStart = p;
        while (h[p] > 0x20 && h[p] < 0x7f) {
            p++;
        }
        if (p == targetStart || h[p] != ' ') {
            return bad("malformed request line");
        }
        targetEnd = p;
        p++;
        if (n - p < 10 || h[p] != 'H' || h[p + 1] != 'T' || h[p + 2] != 'T' || h[p + 3] != 'P' || h[p + 4] != '/'
                || h[p + 5] != '1' || h[p + 6] != '.' || h[p + 7] < '0' || h[p + 7] > '9' || h[p + 8] != CR
                || h[p + 9] != LF) {
            return bad("malformed request line (only HTTP/1.0 and HTTP/1.1 are served)");
        }
        http10 = h[p + 7] == '0';
        p += 10;
        if (!target()) {
            return bad("malformed request target");
        }
        headersStart = p;
        while (true) {
            if (h[p] == CR) {
                if (h[p + 1] != LF) {
                    return bad("malformed header line");
                }
                headersEnd = p;
                break;
            }
            int ns = p;
            while (Ascii.isToken(h[p])) {
                p++;
            }
            if (p == ns || h[p] != ':') {
                return bad("malformed header line");
            }
            int ne = p++;
            while (h[p] == ' ' || h[p] == '\t') {
                p++;
            }
            int vs = p;
            while (true) {
                int b = h[p] & 0xff;
                if (b < 0x20 || b == 0x7f) {
                    if (b == '\t') {
                        p++;
                        continue;
                    }
                    break;
                }
                p++;
            }
            if (h[p] != CR || h[p + 1] != LF) {
                return bad("malformed header line");
            }
            int ve = p;
            while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t')) {
                ve--;
            }
            p += 2;
            if (!header(ns, ne, vs, ve, p)) {
                return false;
            }
        }
        if (hasTransferEncoding) {
            if (contentLength >= 0) {
                return bad("both Content-Length and Transfer-Encoding");
            }
            if (http10) {
                return bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (teBad || !teLastChunked) {
                return bad("unsupported Transfer-Encoding (only chunked)");
            }
            chunked = true;
        }
        if (!http10 && hostStart < 0) {
            return bad("missing Host header");
        }
        if (method == CONNECT) {
            return bad("CONNECT is not served");
        }
        return true;
    }

    private boolean header(int ns, int ne, int vs, int ve, int lineEnd) {
        byte[] h = this.h;
        switch (ne - ns) {
            case 4 -> {
                if (equalsLower(h, ns, HOST)) {
                    if (hostStart >= 0) {
                        return bad("more than one Host header");
                    }
                    hostStart = vs;
                    hostEnd = ve;
                }
            }
            case 6 -> {
                if (equalsLower(h, ns, EXPECT)) {
                    expectContinue = true;
                }
            }
            case 7 -> {
                if (equalsLower(h, ns, UPGRADE)) {
                    upgrade = true;
                }
            }
            case 10 -> {
                if (equalsLower(h, ns, CONNECTION)) {
                    mark(M_CONNECTION, ns, lineEnd);
                    if (!Ascii.tokens(h, vs, ve, connectionSink)) {
                        return bad("malformed Connection header");
                    }
                } else if (equalsLower(h, ns, KEEP_ALIVE)) {
                    mark(M_KEEP_ALIVE, ns, lineEnd);
                }
            }
            case 14 -> {
                if (equalsLower(h, ns, CONTENT_LENGTH)) {
                    long v = Ascii.digits(h, vs, ve);
                    if (v < 0) {
                        return bad("malformed Content-Length");
                    }
                    if (contentLength >= 0 && contentLength != v) {
                        return bad("conflicting Content-Length headers");
                    }
                    contentLength = v;
                }
            }
            case 15 -> {
                if (equalsLower(h, ns, XFF)) {
                    mark(M_XFF, ns, lineEnd);
                    if (ve > vs) {
                        if (xffCount * 2 == xff.length) {
                            xff = java.util.Arrays.copyOf(xff, xff.length * 2);
                        }
                        xff[xffCount * 2] = vs;
                        xff[xffCount * 2 + 1] = ve;
                        xffCount++;
                    }
                } else if (equalsLower(h, ns, TRACE_ID)) {
                    hasTraceId = true;
                }
            }
            case 16 -> {
                if (equalsLower(h, ns, XF_PORT)) {
                    mark(M_XF_PORT, ns, lineEnd);
                } else if (equalsLower(h, ns, PROXY_CONNECTION)) {
                    mark(M_PROXY_CONNECTION, ns, lineEnd);
                }
            }
            case 17 -> {
                if (equalsLower(h, ns, TRANSFER_ENCODING)) {
                    hasTransferEncoding = true;
                    if (!Ascii.tokens(h, vs, ve, codingSink)) {
                        teBad = true;
                    }
                } else if (equalsLower(h, ns, XF_PROTO)) {
                    mark(M_XF_PROTO, ns, lineEnd);
                }
            }
            default -> {
            }
        }
        return true;
    }

    private void connectionToken(byte[] h, int s, int e) {
        int len = e - s;
        if (len == 5 && equalsLower(h, s, CLOSE)) {
            connClose = true;
        } else if (len == 10 && equalsLower(h, s, KEEP_ALIVE)) {
            connKeepAlive = true;
        } else if (len == 7 && equalsLower(h, s, UPGRADE)) {
            connUpgrade = true;
        }
    }

    private void transferCoding(byte[] h, int s, int e) {
        boolean isChunked = e - s == 7 && equalsLower(h, s, CHUNKED);
        if (teLastChunked) {
            teBad = true; // chunked must be the last coding, applied once
        }
        teLastChunked = isChunked;
    }

    private void mark(int kind, int start, int end) {
        if (markCount * 3 == marks.length) {
            marks = java.util.Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount * 3] = kind;
        marks[markCount * 3 + 1] = start;
        marks[markCount * 3 + 2] = end;
        markCount++;
    }

    private boolean bad(String why) {
        error = why;
        return false;
    }

    /** Splits the target into path and query: origin form, absolute form, or OPTIONS's "*". */
    private boolean target() {
        byte[] h = this.h;
        int s = targetStart;
        int e = targetEnd;
        if (h[s] == '/') {
            pathStart = s;
        } else if (h[s] == '*' && e - s == 1) {
            pathStart = s;
            pathEnd = e;
            queryStart = -1;
            return method == OPTIONS;
        } else {
            int colon = s;
            while (colon < e && h[colon] != ':') {
                colon++;
            }
            if (colon + 3 > e || h[colon + 1] != '/' || h[colon + 2] != '/') {
                return false;
            }
            if (!Ascii.equalsIgnoreCase(h, s, colon, "http") && !Ascii.equalsIgnoreCase(h, s, colon, "https")) {
                return false;
            }
            int p = colon + 3;
            while (p < e && h[p] != '/' && h[p] != '?') {
                p++;
            }
            pathStart = p; // p == e or at '?': the path is empty ("/")
        }
        int p = pathStart;
        while (p < e && h[p] != '?') {
            p++;
        }
        pathEnd = p;
        queryStart = p < e ? p + 1 : -1;
        return true;
    }

    private static int methodCode(byte[] h, int len) {
        switch (len) {
            case 3:
                if (h[0] == 'G' && h[1] == 'E' && h[2] == 'T') {
                    return GET;
                }
                if (h[0] == 'P' && h[1] == 'U' && h[2] == 'T') {
                    return PUT;
                }
                return OTHER;
            case 4:
                if (h[0] == 'H' && h[1] == 'E' && h[2] == 'A' && h[3] == 'D') {
                    return HEAD;
                }
                if (h[0] == 'P' && h[1] == 'O' && h[2] == 'S' && h[3] == 'T') {
                    return POST;
                }
                return OTHER;
            case 5:
                if (h[0] == 'T' && h[1] == 'R' && h[2] == 'A' && h[3] == 'C' && h[4] == 'E') {
                    return TRACE;
                }
                if (h[0] == 'P' && h[1] == 'A' && h[2] == 'T' && h[3] == 'C' && h[4] == 'H') {
                    return PATCH;
                }
                return OTHER;
            case 6:
                return Ascii.string(h, 0, 6).equals("DELETE") ? DELETE : OTHER;
            case 7:
                String m = Ascii.string(h, 0, 7);
                return m.equals("OPTIONS") ? OPTIONS : m.equals("CONNECT") ? CONNECT : OTHER;
            default:
                return OTHER;
        }
    }

    /** GET, HEAD, OPTIONS, PUT, DELETE, TRACE (RFC 9110 §9.2.2). */
    static boolean idempotent(int method) {
        return method == GET || method == HEAD || method == OPTIONS || method == PUT || method == DELETE
                || method == TRACE;
    }

    boolean isUpgrade() {
        return upgrade && connUpgrade;
    }

    // RequestFacts: strings made only when a rule asks.

    @Override
    public String method() {
        if (methodName == null) {
            methodName = switch (method) {
                case GET -> "GET";
                case HEAD -> "HEAD";
                case POST -> "POST";
                case PUT -> "PUT";
                case DELETE -> "DELETE";
                case OPTIONS -> "OPTIONS";
                case TRACE -> "TRACE";
                case PATCH -> "PATCH";
                default -> Ascii.string(h, 0, methodEnd);
            };
        }
        return methodName;
    }

    @Override
    public String path() {
        if (path == null) {
            path = pathEnd > pathStart ? Ascii.string(h, pathStart, pathEnd) : "/";
        }
        return path;
    }

    @Override
    public String rawQuery() {
        if (query == null && queryStart >= 0) {
            query = Ascii.string(h, queryStart, targetEnd);
        }
        return query;
    }

    @Override
    public String host() {
        if (!hostDone) {
            hostDone = true;
            if (hostStart >= 0 && hostEnd > hostStart) {
                int e = hostEnd;
                if (h[hostStart] == '[') {
                    int p = hostStart;
                    while (p < hostEnd && h[p] != ']') {
                        p++;
                    }
                    e = Math.min(p + 1, hostEnd);
                } else {
                    for (int p = hostStart; p < hostEnd; p++) {
                        if (h[p] == ':') {
                            e = p;
                            break;
                        }
                    }
                }
                host = Ascii.string(h, hostStart, e);
            }
        }
        return host;
    }

    /** The Host header's port, or -1. */
    int hostPort() {
        if (hostStart < 0) {
            return -1;
        }
        int p = hostEnd - 1;
        while (p >= hostStart && h[p] >= '0' && h[p] <= '9') {
            p--;
        }
        if (p >= hostStart && h[p] == ':' && p < hostEnd - 1) {
            long v = Ascii.digits(h, p + 1, hostEnd);
            return v > 0 && v < 65536 ? (int) v : -1;
        }
        return -1;
    }

    @Override
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>(2);
        byte[] h = this.h;
        int p = headersStart;
        while (p < headersEnd) {
            int ns = p;
            while (h[p] != ':') {
                p++;
            }
            int ne = p++;
            while (h[p] == ' ' || h[p] == '\t') {
                p++;
            }
            int vs = p;
            while (h[p] != CR) {
                p++;
            }
            int ve = p;
            while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t')) {
                ve--;
            }
            if (Ascii.equalsIgnoreCase(h, ns, ne, name)) {
                values.add(Ascii.string(h, vs, ve));
            }
            p += 2;
        }
        return values;
    }

    @Override
    public InetAddress sourceAddress() {
        return source;
    }
}
