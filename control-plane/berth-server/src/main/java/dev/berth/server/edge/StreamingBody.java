package dev.berth.server.edge;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body handed from the event loop to a blocking reader on a virtual thread. The event
 * loop stops reading the socket while more than {@link #HIGH_WATER} bytes wait, and starts again
 * once the reader has brought that under {@link #LOW_WATER}: a 200 MB layer push never holds more
 * than a few megabytes in memory, and a slow disk slows the client instead of filling the heap.
 */
final class StreamingBody extends InputStream {
    private static final int HIGH_WATER = 4 * 1024 * 1024;
    private static final int LOW_WATER = 1024 * 1024;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final Context context;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    /** Event-loop confined. */
    private boolean paused;
    private volatile boolean discarding;
    /** The most that ever waited for the reader: what the tests hold to the high-water mark. */
    private volatile long mostWaiting;
    /** Reader confined. */
    private byte[] current;
    private int position;
    private boolean ended;

    /** Must be called on the request's event loop, before the request handler returns. */
    StreamingBody(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
        request.handler(this::arrived);
        request.endHandler(done -> chunks.add(END));
        request.exceptionHandler(failure -> chunks.add(failure));
    }

    private void arrived(Buffer chunk) {
        if (discarding) {
            return;
        }
        byte[] bytes = bytesOf(chunk);
        chunks.add(bytes);
        long now = waiting.addAndGet(bytes.length);
        if (now > mostWaiting) {
            mostWaiting = now;
        }
        if (now > HIGH_WATER && !paused) {
            paused = true;
            request.pause();
        }
    }

    /**
     * The chunk's bytes, without a copy where Vert.x already made one: it hands the request's data
     * over in heap buffers of their own (copied out of Netty's pooled ones), exactly the chunk's size.
     */
    private static byte[] bytesOf(Buffer chunk) {
        if (chunk instanceof BufferInternal internal) {
            ByteBuf buf = internal.getByteBuf();
            if (buf.hasArray() && buf.arrayOffset() == 0 && buf.readerIndex() == 0
                    && buf.readableBytes() == buf.array().length) {
                return buf.array();
            }
        }
        return chunk.getBytes();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, into, offset, n);
        position += n;
        return n;
    }

    /** @return false at the end of the body */
    private boolean fill() throws IOException {
        while (current == null || position == current.length) {
            if (ended) {
                return false;
            }
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a request body");
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                throw new IOException("the client's request body failed: " + failure.getMessage(), failure);
            }
            current = (byte[]) next;
            position = 0;
            released(current.length);
        }
        return true;
    }

    private void released(int bytes) {
        if (waiting.addAndGet(-bytes) < LOW_WATER && resumeScheduled.compareAndSet(false, true)) {
            context.runOnContext(go -> {
                resumeScheduled.set(false);
                if (paused && waiting.get() < LOW_WATER) {
                    paused = false;
                    request.resume();
                }
            });
        }
    }

    long mostWaiting() {
        return mostWaiting;
    }

    static int highWater() {
        return HIGH_WATER;
    }

    /**
     * After the handler has answered: whatever it did not read is read and dropped, so the
     * connection stays usable and the client is not left blocked on a full socket.
     */
    void discardRest() {
        discarding = true;
        context.runOnContext(go -> {
            chunks.clear();
            if (paused) {
                paused = false;
                request.resume();
            }
        });
    }
}
