package dev.berth.lb.proxy;

import io.netty.util.ByteProcessor;

/**
 * Finds the empty line that ends a head, across reads: {@code ByteBuf.forEachByte} stops at the
 * LF that ends it. A bare LF also ends a line here so that a head with bare LFs ends (and the
 * strict parser then rejects it with a 400) instead of waiting for the header timeout.
 */
final class HeadEndFinder implements ByteProcessor {
    /** An LF was seen and since then only CRs. */
    private boolean atLineStart;

    void reset() {
        atLineStart = false;
    }

    @Override
    public boolean process(byte b) {
        if (b == '\n') {
            if (atLineStart) {
                return false;
            }
            atLineStart = true;
        } else if (b != '\r') {
            atLineStart = false;
        }
        return true;
    }
}
