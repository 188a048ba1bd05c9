package dev.pyro.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.concurrent.atomic.AtomicInteger;

/** The event loop all proxies of a JVM share for their connections (created on first use, daemon threads). */
final class ClientTransport {

    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
                Thread t = new Thread(r, "pyro-client-io-" + Counter.NEXT.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, NioIoHandler.newFactory());

    private ClientTransport() {
    }

    private static final class Counter {
        static final AtomicInteger NEXT = new AtomicInteger();
    }

    static Bootstrap bootstrap(int connectTimeoutMillis) {
        return new Bootstrap()
                .group(GROUP)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    }
}
