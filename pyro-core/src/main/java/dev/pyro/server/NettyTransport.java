package dev.pyro.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
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

    /** The server channel class matching {@link #eventLoops}: TCP, or a Unix domain socket's. */
    static Class<? extends ServerChannel> serverChannel(boolean unixSocket) {
        if (unixSocket) {
            return EPOLL ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
        }
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The address of the Unix domain socket at {@code path}, in the type the server channel takes. */
    static SocketAddress unixSocketAddress(String path) {
        return EPOLL ? new DomainSocketAddress(path) : UnixDomainSocketAddress.of(path);
    }

    /**
     * A peer's address as the daemon reports it (to listeners, interceptors, logs): epoll's own type for a Unix
     * domain socket becomes the JDK's, as the NIO transport and the thread server type give it.
     */
    static SocketAddress peer(SocketAddress address) {
        return address instanceof DomainSocketAddress d ? UnixDomainSocketAddress.of(d.path()) : address;
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
