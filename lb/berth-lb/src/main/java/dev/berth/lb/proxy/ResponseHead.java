package dev.berth.lb.proxy;

import static dev.berth.lb.proxy.Ascii.CR;
import static dev.berth.lb.proxy.Ascii.LF;
import static dev.berth.lb.proxy.Ascii.equalsLower;

/**
 * A target's response head, parsed just enough to know its framing and keep-alive: the status,
 * Content-Length, Transfer-Encoding and Connection. One per event loop, reused. Lines must end in
 * CRLF; header values are not otherwise checked (they reach the client as the target sent them).
 */
final class ResponseHead {
    private static final byte[] CONNECTION = Ascii.bytes("connection");
    private static final byte[] KEEP_ALIVE = Ascii.bytes("keep-alive");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = Ascii.bytes("transfer-encoding");
    private static final byte[] CLOSE = Ascii.bytes("close");
    private static final byte[] CHUNKED = Ascii.bytes("chunked");

    final byte[] h;
    String error;
    int status;
    boolean http10;
    long contentLength;
    boolean hasTransferEncoding, chunked;
    boolean connClose, connKeepAlive;
    /** Connection and Keep-Alive header lines present (what a rewrite drops). */
    boolean hasConnectionHeaders;
    int headersEnd;
    /** Pairs (start, end after CRLF) of the Connection and Keep-Alive lines. */
    int[] hop = new int[8];
    int hopCount;
    private boolean teLastChunked;
    private final Ascii.TokenSink connectionSink = this::connectionToken;
    private final Ascii.TokenSink codingSink = this::transferCoding;

    ResponseHead(byte[] scratch) {
        this.h = scratch;
    }

    boolean parse(int n) {
        error = null;
        contentLength = -1;
        hasTransferEncoding = false;
        chunked = false;
        teLastChunked = false;
        connClose = false;
        connKeepAlive = false;
        hasConnectionHeaders = false;
        hopCount = 0;
        byte[] h = this.h;
        if (n < 14 || h[0] != 'H' || h[1] != 'T' || h[2] != 'T' || h[3] != 'P' || h[4] != '/' || h[5] != '1'
                || h[6] != '.' || h[7] < '0' || h[7] > '9' || h[8] != ' ' || !digit(h[9]) || !digit(h[10])
                || !digit(h[11])) {
            return bad("malformed status line");
        }
        http10 = h[7] == '0';
        status = (h[9] - '0') * 100 + (h[10] - '0') * 10 + (h[11] - '0');
        int p = 12;
        if (h[p] == ' ') {
            p = Ascii.crOrLf(h, p, n);
        }
        // Lines of a response may end with a bare LF (RFC 9112 2.2 lets a recipient accept it):
        // busybox httpd passes its CGI scripts' headers on that way, and clients read them so.
        int eol = lineEnd(h, p);
        if (eol < 0) {
            return bad("malformed status line");
        }
        p = eol;
        while (true) {
            if (h[p] == CR || h[p] == LF) {
                if (lineEnd(h, p) < 0) {
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
            // Values are passed on as they are: only their line ends matter here (a bare CR is
            // refused, so that the client cannot split lines differently).
            p = Ascii.crOrLf(h, p, n);
            int next = lineEnd(h, p);
            if (next < 0) {
                return bad("malformed header line");
            }
            int ve = p;
            while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t')) {
                ve--;
            }
            p = next;
            switch (ne - ns) {
                case 10 -> {
                    if (equalsLower(h, ns, CONNECTION)) {
                        hop(ns, p);
                        Ascii.tokens(h, vs, ve, connectionSink);
                    } else if (equalsLower(h, ns, KEEP_ALIVE)) {
                        hop(ns, p);
                    }
                }
                case 14 -> {
                    if (equalsLower(h, ns, CONTENT_LENGTH)) {
                        long v = Ascii.digits(h, vs, ve);
                        if (v < 0 || (contentLength >= 0 && contentLength != v)) {
                            return bad("malformed Content-Length");
                        }
                        contentLength = v;
                    }
                }
                case 17 -> {
                    if (equalsLower(h, ns, TRANSFER_ENCODING)) {
                        hasTransferEncoding = true;
                        if (!Ascii.tokens(h, vs, ve, codingSink)) {
                            teLastChunked = false;
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (hasTransferEncoding) {
            if (contentLength >= 0) {
                return bad("both Content-Length and Transfer-Encoding");
            }
            chunked = teLastChunked;
        }
        return true;
    }

    private void hop(int start, int end) {
        hasConnectionHeaders = true;
        if (hopCount * 2 == hop.length) {
            hop = java.util.Arrays.copyOf(hop, hop.length * 2);
        }
        hop[hopCount * 2] = start;
        hop[hopCount * 2 + 1] = end;
        hopCount++;
    }

    private void connectionToken(byte[] h, int s, int e) {
        int len = e - s;
        if (len == 5 && equalsLower(h, s, CLOSE)) {
            connClose = true;
        } else if (len == 10 && equalsLower(h, s, KEEP_ALIVE)) {
            connKeepAlive = true;
        }
    }

    private void transferCoding(byte[] h, int s, int e) {
        teLastChunked = e - s == 7 && equalsLower(h, s, CHUNKED);
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private boolean bad(String why) {
        error = why;
        return false;
    }

    /** The index after the line end at p (CRLF or a bare LF), or -1 when p holds anything else (a bare CR). */
    private static int lineEnd(byte[] h, int p) {
        if (h[p] == LF) {
            return p + 1;
        }
        return h[p] == CR && h[p + 1] == LF ? p + 2 : -1;
    }
}
