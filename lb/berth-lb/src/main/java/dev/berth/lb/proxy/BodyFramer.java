package dev.berth.lb.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Tracks where a message body ends without decoding it: a Content-Length count, chunked framing
 * (chunk sizes, CRLFs, the last chunk and trailers are read, the bytes go on unchanged), or "until
 * the connection closes". Strict: a malformed chunked body is an error, never a guess.
 */
final class BodyFramer {
    static final int NONE = 0, LENGTH = 1, CHUNKED = 2, UNTIL_CLOSE = 3;

    private static final int SIZE_START = 0, SIZE = 1, EXT = 2, SIZE_LF = 3, DATA = 4, DATA_CR = 5, DATA_LF = 6,
            TRAILER_START = 7, TRAILER_LINE = 8, TRAILER_LF = 9, END_LF = 10;
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16 * 1024;

    int mode;
    boolean done;
    private long remaining;
    private int state;
    private int count;
    private int trailerBytes;

    void none() {
        mode = NONE;
        done = true;
    }

    void length(long n) {
        if (n == 0) {
            none();
            return;
        }
        mode = LENGTH;
        remaining = n;
        done = false;
    }

    void chunked() {
        mode = CHUNKED;
        state = SIZE_START;
        remaining = 0;
        count = 0;
        trailerBytes = 0;
        done = false;
    }

    void untilClose() {
        mode = UNTIL_CLOSE;
        done = false;
    }

    /**
     * How many of buf's bytes [from, to) belong to the body (setting {@link #done} when it ends
     * within them); -1 when the chunked framing is malformed.
     */
    int consume(ByteBuf buf, int from, int to) {
        switch (mode) {
            case LENGTH -> {
                int n = (int) Math.min(remaining, to - from);
                remaining -= n;
                done = remaining == 0;
                return n;
            }
            case CHUNKED -> {
                return chunks(buf, from, to);
            }
            case UNTIL_CLOSE -> {
                return to - from;
            }
            default -> {
                return 0;
            }
        }
    }

    private int chunks(ByteBuf buf, int from, int to) {
        int p = from;
        while (p < to) {
            if (state == DATA) {
                int n = (int) Math.min(remaining, to - p);
                p += n;
                remaining -= n;
                if (remaining == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            byte b = buf.getByte(p++);
            switch (state) {
                case SIZE_START, SIZE -> {
                    int d = hex(b);
                    if (d >= 0) {
                        if (++count > 15) {
                            return -1;
                        }
                        remaining = remaining * 16 + d;
                        state = SIZE;
                    } else if (state == SIZE && (b == ';' || b == ' ' || b == '\t')) {
                        state = EXT;
                        count = 0;
                    } else if (state == SIZE && b == '\r') {
                        state = SIZE_LF;
                    } else {
                        return -1;
                    }
                }
                case EXT -> {
                    if (b == '\r') {
                        state = SIZE_LF;
                    } else if ((b < 0x20 && b != '\t') || b == 0x7f || ++count > MAX_LINE) {
                        return -1;
                    }
                }
                case SIZE_LF -> {
                    if (b != '\n') {
                        return -1;
                    }
                    count = 0;
                    state = remaining == 0 ? TRAILER_START : DATA;
                }
                case DATA_CR -> {
                    if (b != '\r') {
                        return -1;
                    }
                    state = DATA_LF;
                }
                case DATA_LF -> {
                    if (b != '\n') {
                        return -1;
                    }
                    state = SIZE_START;
                    remaining = 0;
                    count = 0;
                }
                case TRAILER_START -> {
                    if (b == '\r') {
                        state = END_LF;
                    } else if (Ascii.isToken(b)) {
                        state = TRAILER_LINE;
                    } else {
                        return -1;
                    }
                    if (++trailerBytes > MAX_TRAILERS) {
                        return -1;
                    }
                }
                case TRAILER_LINE -> {
                    if (b == '\r') {
                        state = TRAILER_LF;
                    } else if ((b < 0x20 && b != '\t') || b == 0x7f) {
                        return -1;
                    }
                    if (++trailerBytes > MAX_TRAILERS) {
                        return -1;
                    }
                }
                case TRAILER_LF -> {
                    if (b != '\n') {
                        return -1;
                    }
                    state = TRAILER_START;
                }
                case END_LF -> {
                    if (b != '\n') {
                        return -1;
                    }
                    done = true;
                    return p - from;
                }
                default -> {
                    return -1;
                }
            }
        }
        return p - from;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
