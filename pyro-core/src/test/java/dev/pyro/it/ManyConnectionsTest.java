package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ManyConnectionsTest {

    @Test
    void whenTwoHundredClientsConnectAtOnceThenEveryOneIsServed() {
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<PyroProxy> proxies = new ArrayList<>();
            List<CompletableFuture<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                PyroProxy p = Pyro.proxy(uri, PyroConfig.defaults());
                proxies.add(p);
                int n = i;
                answers.add(CompletableFuture.supplyAsync(() -> p.call("add", n, 1), pool));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(answers.get(i).join()).isEqualTo(i + 1);
            }
            assertThat(daemon.connectionCount()).isEqualTo(200);
            proxies.forEach(PyroProxy::close);
            await().until(() -> daemon.connectionCount() == 0);
            pool.shutdown();
        }
    }

    @Test
    void whenASlowMethodRunsThenOtherConnectionsAreNotStalled() {
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            Shop slowCaller = Pyro.proxy(uri, Shop.class, PyroConfig.defaults());
            Shop fastCaller = Pyro.proxy(uri, Shop.class, PyroConfig.defaults());
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> slowCaller.slow(3_000));
            for (int i = 0; i < 20; i++) {
                assertThat(fastCaller.add(i, i)).isEqualTo(2 * i);
            }
            assertThat(slow).isNotDone();
            assertThat(slow.join()).isEqualTo("done after 3000");
            Pyro.close(slowCaller);
            Pyro.close(fastCaller);
        }
    }

    @Test
    void whenCompressionIsOnThenLargePayloadsTravelCompressedAndArriveIntact() {
        PyroConfig compressing = PyroConfig.builder().compression(true).build();
        try (Daemon daemon = Daemon.builder().config(compressing).host("127.0.0.1").port(0).start()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            for (String serializer : new String[]{"serpent", "json", "msgpack"}) {
                Shop shop = Pyro.proxy(uri, Shop.class, compressing.toBuilder().serializer(serializer).build());
                String big = "abc".repeat(10_000);
                assertThat(shop.echo(big)).isEqualTo(big);
                Pyro.close(shop);
            }
        }
    }
}
