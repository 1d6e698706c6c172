package dev.berth.lb.proxy;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's native epoll transport where it loads (Linux), NIO elsewhere. A group's channels must
 * be of its transport: {@link #socketChannels()} gives the client-channel factory that matches.
 */
public final class Transport {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    private final boolean epoll;

    private Transport(boolean epoll) {
        this.epoll = epoll;
    }

    /** Epoll when wanted and available, else NIO. */
    public static Transport choose(boolean wantNative) {
        if (wantNative) {
            if (Epoll.isAvailable()) {
                return new Transport(true);
            }
            LOG.info("Netty's epoll transport is unavailable ({}); using NIO", Epoll.unavailabilityCause().toString());
        }
        return new Transport(false);
    }

    /** The transport a group created by {@link #newGroup} uses. */
    public static Transport of(EventLoopGroup group) {
        boolean epoll = false;
        try {
            epoll = group.next() instanceof IoEventLoop loop && loop.isIoType(EpollIoHandler.class);
        } catch (Throwable notLoadable) {
            // epoll classes or their native library missing: NIO
        }
        return new Transport(epoll);
    }

    public boolean isNative() {
        return epoll;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public ChannelFactory<? extends ServerChannel> serverChannels() {
        return epoll ? EpollServerSocketChannel::new : NioServerSocketChannel::new;
    }

    public ChannelFactory<? extends SocketChannel> socketChannels() {
        return epoll ? EpollSocketChannel::new : NioSocketChannel::new;
    }

    @Override
    public String toString() {
        return epoll ? "epoll" : "nio";
    }
}
