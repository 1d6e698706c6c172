package dev.berth.lb.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Writes and flushes straight to a channel's transport, past its pipeline. The proxy's pipelines
 * hold one inbound handler and nothing outbound, so the pipeline walk (a fifth of the proxy's
 * own CPU time per request, by JFR) does nothing but cost. Only ever called on the channel's
 * event loop, which is what {@link Channel.Unsafe} requires. A failed write releases the buffer
 * and reaches the handler's exceptionCaught, as through the pipeline.
 */
final class Io {
    private Io() {
    }

    static void write(Channel c, ByteBuf b) {
        c.unsafe().write(b, c.voidPromise());
    }

    static void flush(Channel c) {
        c.unsafe().flush();
    }
}
