package dev.berth.lb.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a target, on the same event loop as the client connection it serves (so an
 * exchange never crosses threads). Between exchanges it sits idle in its {@link TargetLoopPool};
 * during one it hands every event to its owner.
 */
final class UpstreamConn extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConn.class);

    final TargetLoopPool pool;
    Channel ch;
    /** The client connection it serves now, null while idle. */
    ClientConn owner;
    long idleSince;
    boolean inIdle;

    UpstreamConn(TargetLoopPool pool) {
        this.pool = pool;
    }

    /** Starts connecting; the owner hears of the outcome. */
    void connect() {
        ChannelFuture f = pool.loop.bootstrap.clone().handler(this).connect(pool.target.address);
        ch = f.channel();
        ch.closeFuture().addListener((ChannelFutureListener) closed -> pool.closed(this));
        f.addListener(this);
    }

    /** The connect outcome. */
    @Override
    public void operationComplete(ChannelFuture f) {
        ClientConn o = owner;
        if (f.isSuccess()) {
            if (o != null) {
                o.upstreamConnected(this);
            } else {
                pool.release(this);
            }
        } else {
            owner = null;
            f.channel().close();
            if (o != null) {
                o.upstreamConnectFailed(this, f.cause());
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ClientConn o = owner;
        if (o != null && msg instanceof ByteBuf b) {
            o.upstreamRead(this, b);
        } else {
            ReferenceCountUtil.release(msg);
            if (o == null) {
                ctx.close(); // bytes on an idle connection: it is out of step, never reuse it
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ClientConn o = owner;
        if (o != null) {
            o.upstreamReadComplete(this);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ClientConn o = owner;
        if (o != null) {
            o.upstreamWritabilityChanged(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientConn o = owner;
        owner = null;
        if (o != null) {
            o.upstreamClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection to target {} failed: {}", pool.target, cause.toString());
        ctx.close();
    }
}
