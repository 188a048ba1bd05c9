package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutsAndDeadPeersTest {

    @Test
    void whenTheServerNeverAnswersThenTheCallTimesOutInAboutTheCallTimeout() throws Exception {
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            Shop shop = Pyro.proxy(uri, Shop.class, PyroConfig.builder().callTimeout(Duration.ofMillis(300)).build());
            assertThat(shop.add(1, 1)).isEqualTo(2);
            long start = System.nanoTime();
            assertThatThrownBy(() -> shop.slow(5_000)).isInstanceOf(PyroTimeoutException.class)
                    .hasMessageContaining("timed out after PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(shop.add(2, 2)).as("the connection is still usable").isEqualTo(4);
            Pyro.close(shop);
        }
    }

    @Test
    void whenAServerAcceptsButNeverHandshakesThenConnectingTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Shop shop = Pyro.proxy("PYRO:shop@127.0.0.1:" + silent.getLocalPort(), Shop.class,
                    PyroConfig.builder().connectTimeout(Duration.ofMillis(300)).build());
            assertThatThrownBy(() -> shop.add(1, 2)).isInstanceOf(PyroTimeoutException.class)
                    .hasMessageContaining("handshake");
            accepted.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void whenNothingListensThenConnectionExceptionQuickly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Shop shop = Pyro.proxy("PYRO:shop@127.0.0.1:" + port, Shop.class, PyroConfig.defaults());
        long start = System.nanoTime();
        assertThatThrownBy(() -> shop.add(1, 2)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void whenTheServerDiesMidCallThenConnectionExceptionAndNextCallReconnectsOnceItIsBack() throws Exception {
        Daemon first = Daemon.builder().host("127.0.0.1").port(0).start();
        int port = first.port();
        first.register(new ShopImpl(), "shop");
        Shop shop = Pyro.proxy("PYRO:shop@127.0.0.1:" + port, Shop.class, PyroConfig.defaults());
        assertThat(shop.add(1, 2)).isEqualTo(3);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> shop.slow(10_000));
        org.awaitility.Awaitility.await().until(() -> first.connectionCount() == 1);
        first.close();
        assertThat(inFlight).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> shop.add(1, 2)).isInstanceOf(ConnectionClosedException.class);

        try (Daemon second = Daemon.builder().host("127.0.0.1").port(port).start()) {
            second.register(new ShopImpl(), "shop");
            assertThat(shop.add(20, 22)).isEqualTo(42);
        }
        Pyro.close(shop);
    }
}
