package dev.pyro.client;

import dev.pyro.transport.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

/** The event loops all proxies of a JVM share for their connections (created on first use, daemon threads). */
final class ClientTransport {

    private static final EventLoopGroup GROUP = NettyTransport.eventLoops(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), "pyro-client-io");

    private ClientTransport() {
    }

    static Bootstrap bootstrap(int connectTimeoutMillis) {
        return new Bootstrap()
                .group(GROUP)
                .channel(NettyTransport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    }
}
