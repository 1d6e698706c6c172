package dev.berth.lb.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportsTest {
    @Test
    void nioGroupsGetNioChannels() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertThat(Transports.socketChannel(group)).isEqualTo(NioSocketChannel.class);
            assertThat(Transports.serverSocketChannel(group)).isEqualTo(NioServerSocketChannel.class);
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void epollGroupsGetEpollChannels() throws ReflectiveOperationException {
        // By name, as in Transports: the native transport is a runtime dependency only.
        Class<?> epoll;
        try {
            epoll = Class.forName("io.netty.channel.epoll.Epoll");
        } catch (ClassNotFoundException e) {
            epoll = null;
        }
        // The data plane ships Netty's native epoll for Linux x86-64, where Berth runs: not having it is a failure.
        assertThat(epoll != null && (boolean) epoll.getMethod("isAvailable").invoke(null))
                .as("Netty's native epoll transport does not load here (Linux x86-64 only)").isTrue();
        IoHandlerFactory factory = (IoHandlerFactory) Class.forName("io.netty.channel.epoll.EpollIoHandler")
                .getMethod("newFactory").invoke(null);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        try {
            assertThat(Transports.socketChannel(group).getName()).isEqualTo("io.netty.channel.epoll.EpollSocketChannel");
            assertThat(Transports.serverSocketChannel(group).getName())
                    .isEqualTo("io.netty.channel.epoll.EpollServerSocketChannel");
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void otherGroupsAreRejected() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        try {
            assertThatThrownBy(() -> Transports.socketChannel(group)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("neither NIO nor epoll");
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }
}
