package dev.pyro.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which Netty transport daemons use: Linux's native epoll when it is available (fewer system calls
 * and less garbage per message), else Java NIO. Internal to Pyro.
 */
final class NettyTransport {

    private static final boolean EPOLL = !Boolean.getBoolean("pyro.transport.nio") && Epoll.isAvailable();

    private NettyTransport() {
    }

    /** Whether the native epoll transport is in use. */
    static boolean isNative() {
        return EPOLL;
    }

    /** An event loop group of {@code threads} daemon threads named {@code prefix-N}. */
    static EventLoopGroup eventLoops(int threads, String prefix) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, daemonThreads(prefix), factory);
    }

    /** The server channel class matching {@link #eventLoops}. */
    static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** A factory of daemon threads named {@code prefix-N}. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
