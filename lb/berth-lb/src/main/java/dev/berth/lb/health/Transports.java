package dev.berth.lb.health;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The channel classes that fit an event loop group: a channel only registers with loops of its
 * own transport. Netty 4.2 groups are all {@link io.netty.channel.MultiThreadIoEventLoopGroup}s,
 * so the transport is told by the group's {@link IoHandler}, not its class.
 *
 * <p>Epoll is looked up by name, so this class compiles and works whether or not Netty's epoll
 * classes are on the class path (the native transport is optional and Linux-only). The proxy's
 * listeners and upstream connections need the same choice; {@link #serverSocketChannel} is theirs.
 */
public final class Transports {
    private static final String EPOLL = "io.netty.channel.epoll.";

    private Transports() {
    }

    /**
     * @throws IllegalArgumentException when the group is neither NIO nor epoll
     */
    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return isNio(group) ? NioSocketChannel.class : epoll(group, "EpollSocketChannel", SocketChannel.class);
    }

    /**
     * @throws IllegalArgumentException when the group is neither NIO nor epoll
     */
    public static Class<? extends ServerSocketChannel> serverSocketChannel(EventLoopGroup group) {
        return isNio(group)
                ? NioServerSocketChannel.class
                : epoll(group, "EpollServerSocketChannel", ServerSocketChannel.class);
    }

    private static boolean isNio(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(NioIoHandler.class);
    }

    private static <T> Class<? extends T> epoll(EventLoopGroup group, String channel, Class<T> type) {
        if (group instanceof IoEventLoopGroup io) {
            Class<? extends IoHandler> handler = load("EpollIoHandler", IoHandler.class);
            if (handler != null && io.isIoType(handler)) {
                return load(channel, type);
            }
        }
        throw new IllegalArgumentException("the event loop group's transport is neither NIO nor epoll: " + group);
    }

    private static <T> Class<? extends T> load(String simpleName, Class<T> type) {
        try {
            return Class.forName(EPOLL + simpleName, false, Transports.class.getClassLoader()).asSubclass(type);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
