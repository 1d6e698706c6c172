package dev.berth.lb.proxy;

import dev.berth.lb.config.RuleSpec;
import dev.berth.lb.routing.Redirects;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and the exchange in progress on it, as raw bytes: the request head is
 * parsed in place (only the request line and the headers the proxy needs), copied once to the
 * target with the lines it edits left out and its own headers added; bodies are relayed as they
 * arrive, their framing tracked but never re-encoded; the response head is parsed just enough to
 * know its framing and keep-alive and is passed on as received unless its Connection header has
 * to change. Requests on one connection are served one at a time (pipelined ones wait).
 *
 * <p>Everything here runs on the connection's event loop, as do the upstream connections it uses.
 */
final class ClientConn extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConn.class);

    private static final int IDLE = 0, HEAD = 1, EXCHANGE = 2, TUNNEL = 3, CLOSED = 4;
    /** Why the client's reads are paused: bits. */
    private static final int PAUSE_UPSTREAM = 1, PAUSE_PENDING = 2, PAUSE_PIPELINE = 4;
    /** Bytes held for a target that is not connected yet (or pipelined) before reading pauses. */
    private static final int HOLD_LIMIT = 64 * 1024;
    static final int RESPONSE_HEAD_LIMIT = 64 * 1024;
    /** How much of a read is copied at once to look for a whole head in it. */
    private static final int FIRST_LOOK = 4096;
    private static final byte[] XFF = Ascii.bytes("X-Forwarded-For: ");
    private static final byte[] TRACE = Ascii.bytes("X-Amzn-Trace-Id: Root=1-");
    private static final byte[] CONNECTION_CLOSE = Ascii.bytes("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = Ascii.bytes("Connection: keep-alive\r\n");

    private final Engine engine;
    private final LoopState loop;
    private final ListenerRuntime listener;
    private Channel ch;
    int registryIndex = -1;
    private InetAddress remote;
    private byte[] clientIp;
    /** "X-Forwarded-For: IP\r\n" plus the listener's X-Forwarded-Proto/-Port lines. */
    private byte[] forwarded;

    private ByteBuf in;
    private int headScanned;
    private final HeadEndFinder finder = new HeadEndFinder();
    private int phase = IDLE;
    private long lastActivity, headStart, exchangeStart;
    private int pause;
    private boolean processing, inClientRead, inUpstreamRead, flushUp, flushClient, upstreamPaused;

    // The request in progress.
    private int method;
    private boolean http10, requestKeepAlive, upgrade, retryable, expectContinue;
    private final BodyFramer requestBody = new BodyFramer();
    private boolean requestDone, discard;

    // Its exchange with a target.
    private GroupRuntime group;
    private Target target;
    private UpstreamConn up;
    private boolean upReady, upReused, retried, waiting, awaitingHead;
    private ByteBuf requestHead;
    private ArrayDeque<ByteBuf> pending;
    private int pendingBytes;

    // The response.
    private ByteBuf respIn;
    private int respScanned;
    private final HeadEndFinder respFinder = new HeadEndFinder();
    private final BodyFramer responseBody = new BodyFramer();
    private boolean responseHeadDone, responseDone, responseStarted, clientKeepAlive, upReusable;

    ClientConn(Engine engine, LoopState loop, ListenerRuntime listener) {
        this.engine = engine;
        this.loop = loop;
        this.listener = listener;
    }

    // ---------------------------------------------------------------- client channel events

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        if (ch.remoteAddress() instanceof InetSocketAddress a) {
            remote = a.getAddress();
        }
        lastActivity = loop.now;
        loop.register(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (phase == CLOSED) {
            b.release();
            return;
        }
        lastActivity = loop.now;
        inClientRead = true;
        try {
            if (phase == TUNNEL) {
                writeUp(b);
                return;
            }
            in = in == null ? b : merge(in, b);
            processInput();
        } catch (Throwable t) {
            internalError(t);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inClientRead = false;
        if (flushUp) {
            flushUp = false;
            if (up != null && upReady) {
                Io.flush(up.ch);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstreamPaused && ch.isWritable()) {
            upstreamPaused = false;
            if (up != null) {
                up.ch.config().setAutoRead(true);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = CLOSED;
        loop.unregister(this);
        endExchange(false);
        if (in != null) {
            in.release();
            in = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection {} failed: {}", ch, cause.toString());
        ctx.close();
    }

    private static ByteBuf merge(ByteBuf held, ByteBuf more) {
        if (held.refCnt() == 1 && held.maxWritableBytes() >= more.readableBytes() && !held.isReadOnly()
                && held.writableBytes() >= more.readableBytes()) {
            held.writeBytes(more);
            more.release();
            return held;
        }
        ByteBuf merged = more.alloc().buffer(held.readableBytes() + more.readableBytes());
        merged.writeBytes(held).writeBytes(more);
        held.release();
        more.release();
        return merged;
    }

    // ---------------------------------------------------------------- request input

    /** Handles the bytes held in {@link #in}: a head, body bytes, or pipelined requests to hold. */
    private void processInput() {
        if (processing) {
            return;
        }
        processing = true;
        try {
            while (in != null && phase != CLOSED) {
                if (!in.isReadable()) {
                    in.release();
                    in = null;
                    break;
                }
                if (phase == EXCHANGE && !requestDone) {
                    relayRequestBody();
                } else if (phase == EXCHANGE || phase == TUNNEL) {
                    // Pipelined: the next request waits for this response.
                    if (in.readableBytes() > HOLD_LIMIT) {
                        pauseClient(PAUSE_PIPELINE);
                    }
                    break;
                } else if (!head()) {
                    break;
                }
            }
        } finally {
            processing = false;
        }
    }

    private void relayRequestBody() {
        ByteBuf b = in;
        int r = b.readerIndex();
        int w = b.writerIndex();
        int n = requestBody.consume(b, r, w);
        if (n < 0) {
            badRequestBody();
            return;
        }
        if (n == w - r) {
            in = null;
            if (discard) {
                b.release();
            } else {
                writeUp(b);
            }
        } else {
            if (!discard && n > 0) {
                writeUp(b.retainedSlice(r, n));
            }
            b.readerIndex(r + n);
        }
        if (requestBody.done) {
            requestDone = true;
            requestComplete();
        }
    }

    /** Finds, parses and acts on a request head; false when it needs more bytes or the connection ends. */
    private boolean head() {
        ByteBuf b = in;
        if (phase == IDLE) {
            int r = b.readerIndex();
            int w = b.writerIndex();
            while (r < w) {
                byte c = b.getByte(r);
                if (c != '\r' && c != '\n') {
                    break;
                }
                r++;
            }
            b.readerIndex(r);
            if (r == w) {
                return true; // the loop releases the empty buffer
            }
            if (!Ascii.isToken(b.getByte(r))) {
                reject(400, "malformed request line");
                return false;
            }
            phase = HEAD;
            headStart = loop.now;
            headScanned = 0;
            finder.reset();
        }
        int r = b.readerIndex();
        int w = b.writerIndex();
        int limit = engine.maxHeaderBytes;
        int length = -1;
        if (headScanned == 0) {
            // Usually the whole head is in the first read: one copy, found and parsed in place.
            int n = Math.min(Math.min(w - r, limit), FIRST_LOOK);
            b.getBytes(r, loop.scratch, 0, n);
            length = Ascii.headEnd(loop.scratch, n);
        }
        if (length < 0) {
            int from = r + headScanned;
            int to = Math.min(w, r + limit);
            int end = from < to ? b.forEachByte(from, to - from, finder) : -1;
            if (end < 0) {
                headScanned = to - r;
                if (w - r >= limit) {
                    reject(431, "the request head is larger than " + limit + " bytes");
                }
                return false;
            }
            length = end + 1 - r;
            b.getBytes(r, loop.scratch, 0, length);
        }
        b.readerIndex(r + length);
        RequestHead q = loop.request;
        if (!q.parse(length, remote)) {
            reject(400, q.error);
            return false;
        }
        request(q);
        return phase != CLOSED;
    }

    private void request(RequestHead q) {
        method = q.method;
        http10 = q.http10;
        upgrade = q.isUpgrade();
        expectContinue = q.expectContinue;
        requestKeepAlive = (http10 ? q.connKeepAlive : !q.connClose) && !q.connClose && !listener.closing;
        if (q.chunked) {
            requestBody.chunked();
        } else if (q.contentLength > 0) {
            requestBody.length(q.contentLength);
        } else {
            requestBody.none();
        }
        requestDone = requestBody.done;
        phase = EXCHANGE;
        exchangeStart = loop.now;
        discard = false;
        retried = false;
        responseHeadDone = false;
        responseDone = false;
        responseStarted = false;
        upReusable = false;
        clientKeepAlive = requestKeepAlive;

        ListenerRuntime.Routes routes = listener.routes;
        RuleSpec rule = routes.router().match(q);
        switch (routes.action(rule)) {
            case ListenerRuntime.Action.Forward f -> forward(f, q);
            case ListenerRuntime.Action.Fixed x -> local(x.status(), x.contentType(), x.body(), null);
            case ListenerRuntime.Action.Redirect x -> {
                String host = q.host();
                if (host == null) {
                    local(400, Responses.TEXT, Responses.errorText(400, "a redirect needs a Host header"), null);
                } else {
                    String location = Redirects.location(x.spec(), "http", host, listener.port, q.path(),
                            q.rawQuery());
                    local(x.spec().statusCode(), null, null, location);
                }
            }
        }
    }

    private void forward(ListenerRuntime.Action.Forward f, RequestHead q) {
        GroupRuntime g = f.pick();
        if (g == null) {
            local(503, Responses.TEXT, Responses.errorText(503, f.problem()), null);
            return;
        }
        Target t = g.pick(null, loop.index);
        if (t == null) {
            local(503, Responses.TEXT, Responses.errorText(503, g.unavailable()), null);
            return;
        }
        group = g;
        retryable = RequestHead.idempotent(method) && requestBody.mode == BodyFramer.NONE;
        requestHead = buildRequestHead(q);
        dispatch(t);
    }

    /**
     * The head for the target: the original bytes minus the lines the proxy replaces (hop-by-hop
     * Connection headers, X-Forwarded-*), plus X-Forwarded-For/-Proto/-Port and a trace id.
     */
    private ByteBuf buildRequestHead(RequestHead q) {
        byte[] h = q.h;
        int extra = 160;
        for (int i = 0; i < q.xffCount; i++) {
            extra += q.xff[i * 2 + 1] - q.xff[i * 2] + 2;
        }
        ByteBuf out = ch.alloc().directBuffer(q.headersEnd + extra);
        int copied = 0;
        for (int i = 0; i < q.markCount; i++) {
            int kind = q.marks[i * 3];
            boolean drop = switch (kind) {
                case RequestHead.M_CONNECTION -> !http10 && !upgrade;
                case RequestHead.M_KEEP_ALIVE -> !http10;
                default -> true;
            };
            if (drop) {
                int s = q.marks[i * 3 + 1];
                out.writeBytes(h, copied, s - copied);
                copied = q.marks[i * 3 + 2];
            }
        }
        out.writeBytes(h, copied, q.headersEnd - copied);
        if (forwarded == null) {
            clientIp = Ascii.bytes(clientIp());
            byte[] tail = listener.forwardedTail;
            forwarded = new byte[XFF.length + clientIp.length + 2 + tail.length];
            System.arraycopy(XFF, 0, forwarded, 0, XFF.length);
            System.arraycopy(clientIp, 0, forwarded, XFF.length, clientIp.length);
            forwarded[XFF.length + clientIp.length] = '\r';
            forwarded[XFF.length + clientIp.length + 1] = '\n';
            System.arraycopy(tail, 0, forwarded, XFF.length + clientIp.length + 2, tail.length);
        }
        if (q.xffCount == 0) {
            out.writeBytes(forwarded);
        } else {
            out.writeBytes(XFF);
            for (int i = 0; i < q.xffCount; i++) {
                int s = q.xff[i * 2];
                out.writeBytes(h, s, q.xff[i * 2 + 1] - s);
                out.writeByte(',').writeByte(' ');
            }
            out.writeBytes(clientIp);
            out.writeBytes(Ascii.CRLF);
            out.writeBytes(listener.forwardedTail);
        }
        if (!q.hasTraceId) {
            out.writeBytes(TRACE);
            byte[] hex = loop.hex;
            long secs = loop.epochSeconds;
            for (int i = 7; i >= 0; i--) {
                hex[i] = Ascii.HEX[(int) (secs & 15)];
                secs >>>= 4;
            }
            hex[8] = '-';
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long a = random.nextLong();
            int c = random.nextInt();
            for (int i = 0; i < 16; i++) {
                hex[9 + i] = Ascii.HEX[(int) (a & 15)];
                a >>>= 4;
            }
            for (int i = 0; i < 8; i++) {
                hex[25 + i] = Ascii.HEX[c & 15];
                c >>>= 4;
            }
            hex[33] = '\r';
            hex[34] = '\n';
            out.writeBytes(hex, 0, 35);
        }
        out.writeBytes(Ascii.CRLF);
        return out;
    }

    private String clientIp() {
        if (remote == null) {
            return "unknown";
        }
        String s = remote.getHostAddress();
        int pct = s.indexOf('%');
        return pct >= 0 ? s.substring(0, pct) : s;
    }

    /** The request body is fully received (and, when forwarding, written). */
    private void requestComplete() {
        exchangeStart = loop.now;
        if (up != null && upReady) {
            flushUp = false;
            Io.flush(up.ch);
        }
        if (responseDone) {
            finishExchange();
        }
    }

    // ---------------------------------------------------------------- the target connection

    private void dispatch(Target t) {
        target = t;
        t.pools[loop.index].started();
        awaitingHead = true;
        if (requestDone) {
            exchangeStart = loop.now;
        }
        TargetLoopPool pool = t.pools[loop.index];
        UpstreamConn u = pool.pollIdle();
        if (u != null) {
            attach(u, true);
        } else if (pool.canOpen()) {
            connect(pool);
        } else {
            waiting = true;
            pool.await(this);
        }
    }

    private void connect(TargetLoopPool pool) {
        pool.opened();
        UpstreamConn u = new UpstreamConn(pool);
        u.owner = this;
        up = u;
        upReady = false;
        upReused = false;
        u.connect();
    }

    /** Called by the pool: a connection freed up for this waiting request. */
    void pooledConnectionReady(UpstreamConn u) {
        waiting = false;
        try {
            attach(u, true);
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** Called by the pool: below the limit again, this waiting request may open a connection. */
    void connectNow() {
        waiting = false;
        try {
            if (phase == EXCHANGE && target != null) {
                connect(target.pools[loop.index]);
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    void upstreamConnected(UpstreamConn u) {
        if (u != up) {
            u.pool.release(u);
            return;
        }
        try {
            attach(u, false);
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** Sends the head (and any body bytes held) on a connection to the target. */
    private void attach(UpstreamConn u, boolean reused) {
        up = u;
        u.owner = this;
        upReady = true;
        upReused = reused;
        Channel c = u.ch;
        ByteBuf head = requestHead;
        if (retryable) {
            // Kept for a retry: the same buffer again from its start (a failed write has let go
            // of it by the time a retry happens).
            head.readerIndex(0).retain();
        } else {
            requestHead = null;
        }
        Io.write(c, head);
        if (pending != null) {
            ByteBuf b;
            while ((b = pending.pollFirst()) != null) {
                Io.write(c, b);
            }
            pendingBytes = 0;
            resumeClient(PAUSE_PENDING);
        }
        if (requestDone || !inClientRead) {
            Io.flush(c);
        } else {
            flushUp = true;
        }
        if (!c.isWritable()) {
            pauseClient(PAUSE_UPSTREAM);
        }
    }

    private void writeUp(ByteBuf b) {
        UpstreamConn u = up;
        if (u == null || !upReady) {
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.addLast(b);
            pendingBytes += b.readableBytes();
            if (pendingBytes > HOLD_LIMIT) {
                pauseClient(PAUSE_PENDING);
            }
            return;
        }
        Channel c = u.ch;
        Io.write(c, b);
        if (inClientRead) {
            flushUp = true;
        } else {
            Io.flush(c);
        }
        if (!c.isWritable()) {
            pauseClient(PAUSE_UPSTREAM);
        }
    }

    void upstreamWritabilityChanged(UpstreamConn u) {
        if (u == up && u.ch.isWritable()) {
            resumeClient(PAUSE_UPSTREAM);
        }
    }

    void upstreamConnectFailed(UpstreamConn u, Throwable cause) {
        if (u != up) {
            return;
        }
        up = null;
        upReady = false;
        try {
            boolean timeout = cause instanceof ConnectTimeoutException;
            if (retryable && !retried && phase == EXCHANGE) {
                retry(false);
                return;
            }
            if (timeout) {
                fail(504, "target " + target + " did not accept a connection within "
                        + engine.connectTimeoutMillis + " ms");
            } else {
                fail(502, "could not connect to target " + target + ": " + describe(cause));
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    private static String describe(Throwable cause) {
        String m = cause.getMessage();
        if (m == null) {
            return cause.getClass().getSimpleName();
        }
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        for (String known : new String[] {"connection refused", "no route to host", "network is unreachable",
                "connection reset", "host is unreachable"}) {
            if (lower.contains(known)) {
                return known;
            }
        }
        return m;
    }

    /** Once: the same request to another target (or, for a dead pooled connection, a new connection). */
    private void retry(boolean sameTargetAllowed) {
        retried = true;
        Target previous = target;
        releaseTarget();
        Target next = group.pick(previous, loop.index);
        if (next == null && sameTargetAllowed && !previous.retired) {
            next = previous;
        }
        if (next == null) {
            fail(502, "could not connect to target " + previous + " and no other target is available");
            return;
        }
        dispatch(next);
    }

    void upstreamRead(UpstreamConn u, ByteBuf b) {
        if (u != up || phase == CLOSED) {
            b.release();
            return;
        }
        lastActivity = loop.now;
        inUpstreamRead = true;
        try {
            if (phase == TUNNEL) {
                writeClient(b);
                return;
            }
            if (responseDone) {
                b.release(); // bytes after the response: never reuse this connection
                upReusable = false;
                return;
            }
            ByteBuf cur = respIn == null ? b : merge(respIn, b);
            respIn = null;
            response(cur);
        } catch (Throwable t) {
            internalError(t);
        }
    }

    void upstreamReadComplete(UpstreamConn u) {
        inUpstreamRead = false;
        if (flushClient) {
            flushClient = false;
            Io.flush(ch);
        }
    }

    private void response(ByteBuf cur) {
        while (!responseHeadDone) {
            int r = cur.readerIndex();
            int w = cur.writerIndex();
            int length = -1;
            if (respScanned == 0) {
                int n = Math.min(w - r, FIRST_LOOK);
                cur.getBytes(r, loop.scratch, 0, n);
                length = Ascii.headEnd(loop.scratch, n);
            }
            if (length < 0) {
                int from = r + respScanned;
                int to = Math.min(w, r + RESPONSE_HEAD_LIMIT);
                int end = from < to ? cur.forEachByte(from, to - from, respFinder) : -1;
                if (end < 0) {
                    respScanned = to - r;
                    if (w - r >= RESPONSE_HEAD_LIMIT) {
                        cur.release();
                        badGateway("target " + target + " sent a response head larger than "
                                + RESPONSE_HEAD_LIMIT + " bytes");
                    } else {
                        respIn = cur;
                    }
                    return;
                }
                length = end + 1 - r;
                cur.getBytes(r, loop.scratch, 0, length);
            }
            respScanned = 0;
            respFinder.reset();
            ResponseHead s = loop.response;
            if (!s.parse(length)) {
                cur.release();
                badGateway("target " + target + " sent an invalid response (" + s.error + ")");
                return;
            }
            int status = s.status;
            if (status < 200) {
                if (status == 101) {
                    if (!upgrade) {
                        cur.release();
                        badGateway("target " + target + " switched protocols unasked");
                        return;
                    }
                    startTunnel(cur);
                    return;
                }
                // An interim response (100 Continue, 103): pass it on (not to HTTP/1.0 clients,
                // which do not know them), the final one follows.
                if (!http10) {
                    writeClient(cur.retainedSlice(r, length));
                }
                cur.readerIndex(r + length);
                if (!cur.isReadable()) {
                    cur.release();
                    return;
                }
                continue;
            }
            responseHead(cur, s, r, length);
            return;
        }
        int r = cur.readerIndex();
        int w = cur.writerIndex();
        int n = responseBody.consume(cur, r, w);
        if (n < 0) {
            cur.release();
            abortResponse("target " + target + " sent a malformed chunked body");
            return;
        }
        emit(cur, r, r + n);
        if (responseBody.done) {
            if (r + n < w) {
                upReusable = false;
            }
            responseComplete();
        }
    }

    private void responseHead(ByteBuf cur, ResponseHead s, int r, int length) {
        responseHeadDone = true;
        awaitingHead = false;
        releaseRequestHead();
        int status = s.status;
        if (method == RequestHead.HEAD || status == 204 || status == 304) {
            responseBody.none();
        } else if (s.chunked) {
            responseBody.chunked();
        } else if (s.hasTransferEncoding) {
            responseBody.untilClose();
        } else if (s.contentLength >= 0) {
            responseBody.length(s.contentLength);
        } else {
            responseBody.untilClose();
        }
        boolean framed = responseBody.mode != BodyFramer.UNTIL_CLOSE;
        upReusable = framed && !s.connClose && (http10 || s.http10 ? s.connKeepAlive : true);
        boolean rewrite;
        if (http10) {
            // An HTTP/1.0 client keeps the connection only when told so, and cannot read chunks.
            clientKeepAlive = requestKeepAlive && framed && responseBody.mode != BodyFramer.CHUNKED
                    && !listener.closing;
            rewrite = clientKeepAlive ? !s.connKeepAlive || s.connClose : s.connKeepAlive;
        } else {
            clientKeepAlive = requestKeepAlive && framed && !listener.closing;
            rewrite = clientKeepAlive ? s.connClose : !s.connClose;
        }
        responseStarted = true;
        int start = r;
        if (rewrite) {
            writeClient(rewriteResponseHead(s, length, clientKeepAlive ? (http10 ? CONNECTION_KEEP_ALIVE : null)
                    : CONNECTION_CLOSE));
            start = r + length;
        }
        int w = cur.writerIndex();
        int bodyFrom = r + length;
        int n = responseBody.consume(cur, bodyFrom, w);
        if (n < 0) {
            if (start < bodyFrom) {
                writeClient(cur.retainedSlice(start, bodyFrom - start));
            }
            cur.release();
            abortResponse("target " + target + " sent a malformed chunked body");
            return;
        }
        emit(cur, start, bodyFrom + n);
        if (responseBody.done) {
            if (bodyFrom + n < w) {
                upReusable = false;
            }
            responseComplete();
        }
    }

    /** The response head without its Connection/Keep-Alive lines, plus the given Connection line (or none). */
    private ByteBuf rewriteResponseHead(ResponseHead s, int length, byte[] connection) {
        byte[] h = s.h;
        ByteBuf out = ch.alloc().directBuffer(length + 32);
        int copied = 0;
        for (int i = 0; i < s.hopCount; i++) {
            int st = s.hop[i * 2];
            out.writeBytes(h, copied, st - copied);
            copied = s.hop[i * 2 + 1];
        }
        out.writeBytes(h, copied, s.headersEnd - copied);
        if (connection != null) {
            out.writeBytes(connection);
        }
        out.writeBytes(Ascii.CRLF);
        return out;
    }

    /** Writes cur[start, end) to the client, passing cur itself when that is all of it; releases cur. */
    private void emit(ByteBuf cur, int start, int end) {
        if (start == cur.readerIndex() && end == cur.writerIndex()) {
            writeClient(cur);
            return;
        }
        if (end > start) {
            writeClient(cur.retainedSlice(start, end - start));
        }
        cur.release();
    }

    private void writeClient(ByteBuf b) {
        Io.write(ch, b);
        if (inUpstreamRead) {
            flushClient = true;
        } else {
            Io.flush(ch);
        }
        if (!ch.isWritable() && up != null && !upstreamPaused) {
            upstreamPaused = true;
            up.ch.config().setAutoRead(false);
        }
    }

    private void responseComplete() {
        responseDone = true;
        if (flushClient) {
            flushClient = false;
            Io.flush(ch);
        }
        inUpstreamRead = false;
        if (!requestDone) {
            // Answered before the request was all sent: the rest of it cannot follow on this
            // connection, nor can the client's next request.
            upReusable = false;
            clientKeepAlive = false;
        }
        finishExchange();
    }

    private void startTunnel(ByteBuf cur) {
        phase = TUNNEL;
        responseHeadDone = true;
        responseStarted = true;
        awaitingHead = false;
        releaseRequestHead();
        writeClient(cur);
        if (in != null) {
            ByteBuf b = in;
            in = null;
            if (b.isReadable()) {
                writeUp(b);
            } else {
                b.release();
            }
        }
        Io.flush(up.ch);
        resumeClient(PAUSE_PIPELINE);
    }

    void upstreamClosed(UpstreamConn u) {
        if (u != up) {
            return;
        }
        up = null;
        upReady = false;
        try {
            if (phase == TUNNEL) {
                closeAfterFlush();
                return;
            }
            if (phase != EXCHANGE || responseDone) {
                return;
            }
            if (!responseHeadDone) {
                if (respIn != null) {
                    respIn.release();
                    respIn = null;
                }
                // An idempotent request may be sent again (RFC 9110 9.2.2): over a new connection
                // when a pooled one had died, to another target when a fresh one was closed
                // unanswered, as Docker's port proxy does for a container that has just died.
                if (retryable && !retried) {
                    retry(upReused);
                    return;
                }
                fail(502, "target " + target + " closed the connection without answering");
                return;
            }
            if (responseBody.mode == BodyFramer.UNTIL_CLOSE) {
                clientKeepAlive = false;
                responseComplete();
                return;
            }
            abortResponse("target " + target + " closed the connection mid-response");
        } catch (Throwable t) {
            internalError(t);
        }
    }

    // ---------------------------------------------------------------- ends

    /** Both the request and the response are done: back to idle (keep-alive) or close. */
    private void finishExchange() {
        endExchange(upReusable && requestDone);
        if (!clientKeepAlive || listener.closing) {
            closeAfterFlush();
            return;
        }
        phase = IDLE;
        lastActivity = loop.now;
        discard = false;
        resumeClient(PAUSE_PIPELINE | PAUSE_UPSTREAM | PAUSE_PENDING);
        if (in != null && !processing) {
            processInput();
        }
    }

    /** Lets go of the target and the upstream connection (to the pool when reusable, else closed). */
    private void endExchange(boolean reusable) {
        if (flushClient) {
            flushClient = false;
            Io.flush(ch);
        }
        inUpstreamRead = false;
        if (waiting) {
            waiting = false;
            if (target != null) {
                target.pools[loop.index].cancelWait(this);
            }
        }
        UpstreamConn u = up;
        if (u != null) {
            up = null;
            upReady = false;
            if (upstreamPaused) {
                upstreamPaused = false;
                u.ch.config().setAutoRead(true);
            }
            if (reusable) {
                u.pool.release(u);
            } else {
                u.owner = null;
                u.ch.close();
            }
        }
        releaseTarget();
        releaseRequestHead();
        if (pending != null) {
            ByteBuf b;
            while ((b = pending.pollFirst()) != null) {
                b.release();
            }
            pendingBytes = 0;
        }
        if (respIn != null) {
            respIn.release();
            respIn = null;
        }
        group = null;
        awaitingHead = false;
    }

    private void releaseTarget() {
        Target t = target;
        if (t != null) {
            target = null;
            t.pools[loop.index].finished();
        }
    }

    private void releaseRequestHead() {
        if (requestHead != null) {
            requestHead.release();
            requestHead = null;
        }
    }

    /** Answers the request itself (a fixed response, a redirect, a 503); the body, if any, is read and dropped. */
    private void local(int status, String contentType, String body, String location) {
        responseHeadDone = true;
        responseDone = true;
        responseStarted = true;
        awaitingHead = false;
        if (!requestDone) {
            discard = true;
            if (expectContinue) {
                // The client waits for a 100 before sending its body and may never send it now.
                clientKeepAlive = false;
            }
        }
        ch.writeAndFlush(Responses.build(ch.alloc(), status, contentType, body, location, clientKeepAlive, http10,
                method == RequestHead.HEAD), ch.voidPromise());
        if (!clientKeepAlive) {
            lingeringClose();
            return;
        }
        if (requestDone) {
            finishExchange();
        }
    }

    /** An error in an exchange with a target: a short text response when nothing was sent yet. */
    private void fail(int status, String detail) {
        endExchange(false);
        if (responseStarted) {
            closeAfterFlush();
            return;
        }
        responseHeadDone = true;
        responseDone = true;
        responseStarted = true;
        boolean keep = requestKeepAlive && requestDone && !listener.closing;
        clientKeepAlive = keep;
        ch.writeAndFlush(Responses.build(ch.alloc(), status, Responses.TEXT, Responses.errorText(status, detail), null,
                keep, http10, method == RequestHead.HEAD), ch.voidPromise());
        if (!keep) {
            lingeringClose();
            return;
        }
        finishExchange();
    }

    private void badGateway(String detail) {
        fail(502, detail);
    }

    /** The response broke after part of it was sent: the client can only see the connection end. */
    private void abortResponse(String why) {
        LOG.debug("{}; closing {}", why, ch);
        endExchange(false);
        closeAfterFlush();
    }

    private void badRequestBody() {
        if (in != null) {
            in.release();
            in = null;
        }
        if (responseStarted || up != null && upReady) {
            endExchange(false);
            closeAfterFlush();
        } else {
            endExchange(false);
            reject(400, "malformed chunked request body");
        }
    }

    /** A bad request: an error response and the connection ends (after the client has read it). */
    private void reject(int status, String detail) {
        endExchange(false);
        phase = CLOSED;
        ch.writeAndFlush(Responses.build(ch.alloc(), status, Responses.TEXT, Responses.errorText(status, detail), null,
                false, false, false), ch.voidPromise());
        lingeringClose();
    }

    private void internalError(Throwable t) {
        LOG.warn("proxy error on {}", ch, t);
        boolean answered = responseStarted;
        endExchange(false);
        phase = CLOSED;
        if (!answered && ch.isActive()) {
            ch.writeAndFlush(Responses.build(ch.alloc(), 500, Responses.TEXT,
                    Responses.errorText(500, "the load balancer failed"), null, false, false, false), ch.voidPromise());
        }
        lingeringClose();
    }

    private void closeAfterFlush() {
        phase = CLOSED;
        if (in != null) {
            in.release();
            in = null;
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Ends the connection without losing the response: stop sending, read and drop what the client
     * still sends for a moment (closing with unread input would reset the connection and could
     * destroy the response in flight), then close.
     */
    private void lingeringClose() {
        phase = CLOSED;
        if (in != null) {
            in.release();
            in = null;
        }
        pause = 0;
        ch.config().setAutoRead(true);
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || !(ch instanceof DuplexChannel d)) {
                ch.close();
                return;
            }
            d.shutdownOutput();
            ch.eventLoop().schedule(() -> ch.close(), 2, TimeUnit.SECONDS);
        });
    }

    private void pauseClient(int why) {
        boolean was = pause == 0;
        pause |= why;
        if (was) {
            ch.config().setAutoRead(false);
        }
    }

    private void resumeClient(int why) {
        if ((pause & why) == 0) {
            return;
        }
        pause &= ~why;
        if (pause == 0 && phase != CLOSED) {
            ch.config().setAutoRead(true);
        }
    }

    // ---------------------------------------------------------------- timeouts and draining

    /** From the loop's sweep. */
    void checkTimeouts(long now) {
        try {
            switch (phase) {
                case IDLE -> {
                    if (listener.closing || now - lastActivity > engine.idleNanos) {
                        phase = CLOSED;
                        ch.close();
                    }
                }
                case HEAD -> {
                    if (now - headStart > engine.headerNanos) {
                        reject(408, "the request head was not received within "
                                + TimeUnit.NANOSECONDS.toMillis(engine.headerNanos) + " ms");
                    }
                }
                case EXCHANGE -> {
                    if (awaitingHead && requestDone && now - exchangeStart > engine.requestNanos) {
                        String who = target == null ? "the target" : "target " + target;
                        fail(504, who + " did not answer within "
                                + TimeUnit.NANOSECONDS.toMillis(engine.requestNanos) + " ms");
                    } else if (!awaitingHead && now - lastActivity > engine.idleNanos) {
                        abortResponse("idle timeout");
                    } else if (awaitingHead && !requestDone && now - lastActivity > engine.idleNanos) {
                        fail(408, "the request body stalled for "
                                + TimeUnit.NANOSECONDS.toMillis(engine.idleNanos) + " ms");
                    }
                }
                case TUNNEL -> {
                    if (now - lastActivity > engine.idleNanos) {
                        abortResponse("idle timeout");
                    }
                }
                default -> {
                }
            }
        } catch (Throwable t) {
            internalError(t);
        }
    }

    /** The target's deregistration delay ran out: its requests in flight end. */
    void abortIfServing(Target t) {
        if (target == t && (phase == EXCHANGE || phase == TUNNEL)) {
            if (responseStarted) {
                abortResponse("target " + t + " deregistered");
            } else {
                fail(502, "target " + t + " was deregistered before it answered");
            }
        }
    }
}
