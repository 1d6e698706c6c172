package dev.berth.lb.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One health check as ELB sends it: a fresh connection, {@code GET <path>} with ELB's
 * {@code User-Agent} and {@code Connection: close}, the status read, the body read and thrown
 * away chunk by chunk, the connection closed.
 *
 * <p>The timeout covers the whole exchange (connect, response, body): ELB counts a target that
 * does not finish answering in time as timed out. The verdict waits for the end of the body so a
 * target that sends its status and then stalls is not counted healthy.
 *
 * <p>A host name would be resolved by the JDK on the event loop; targets are IP addresses in
 * practice (what ECS registers), which resolve without a lookup.
 *
 * <p>Confined to the event loop it was started on: {@link #start} and {@link #cancel} must be
 * called there, and the callback runs there, exactly once unless cancelled.
 */
final class Probe extends SimpleChannelInboundHandler<HttpObject> {
    static final String USER_AGENT = "ELB-HealthChecker/2.0";

    /** What a check saw. */
    sealed interface Result {
    }

    /** A complete response; whether its status passes is the matcher's call. */
    record Responded(int status) implements Result {
    }

    enum Failure implements Result {
        /** No complete response within the timeout. */
        TIMED_OUT,
        /** Refused, reset, closed early or malformed. */
        FAILED
    }

    /** Bounds what a misbehaving target can make us buffer. */
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setMaxChunkSize(8192);

    private final Consumer<Result> done;
    private ScheduledFuture<?> deadline;
    private Channel channel;
    private int status = -1;
    private boolean finished;

    private Probe(Consumer<Result> done) {
        this.done = done;
    }

    static Probe start(EventLoop loop, Class<? extends SocketChannel> channelClass, String host, int port,
                       String path, Duration timeout, Consumer<Result> done) {
        Probe probe = new Probe(done);
        probe.deadline = loop.schedule(() -> probe.finish(Failure.TIMED_OUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
        new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        probe.channel = channel;
                        channel.pipeline().addLast(new HttpClientCodec(DECODER, false, false), probe);
                    }
                })
                .connect(InetSocketAddress.createUnresolved(host, port))
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        probe.finish(Failure.FAILED);
                        return;
                    }
                    probe.channel.writeAndFlush(request(host, port, path)).addListener(written -> {
                        if (!written.isSuccess()) {
                            probe.finish(Failure.FAILED);
                        }
                    });
                });
        return probe;
    }

    /** Stops the check without calling back. */
    void cancel() {
        finish(null);
    }

    private static FullHttpRequest request(String host, int port, String path) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
                Unpooled.EMPTY_BUFFER);
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        request.headers()
                .set(HttpHeaderNames.HOST, hostPart + ":" + port)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return request;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
        if (message.decoderResult().isFailure()) {
            finish(Failure.FAILED);
            return;
        }
        if (message instanceof HttpResponse response) {
            status = response.status().code();
        }
        if (message instanceof LastHttpContent) {
            finish(status < 0 ? Failure.FAILED : new Responded(status));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        // The codec has already passed on the end of a body delimited by the close.
        finish(Failure.FAILED);
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        finish(Failure.FAILED);
    }

    /** @param result null when cancelled */
    private void finish(Result result) {
        if (finished) {
            return;
        }
        finished = true;
        deadline.cancel(false);
        if (channel != null) {
            channel.close();
        }
        if (result != null) {
            done.accept(result);
        }
    }
}
