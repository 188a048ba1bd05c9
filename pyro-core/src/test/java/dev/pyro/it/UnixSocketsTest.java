package dev.pyro.it;

import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.TlsConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Daemons on Unix domain sockets ({@code PYRO:obj@./u:path}, Pyro5's form) and Java proxies calling them, over real
 * socket files in a temporary directory; run once per server type (and once more on Netty's NIO transport).
 */
class UnixSocketsTest {

    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void shortEnoughPaths() {
        assertThat(dir.resolve("a-socket-name.sock").toString().length())
                .as("the temporary directory must leave room for socket paths (at most 103 bytes on macOS)")
                .isLessThan(100);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private Daemon daemon(String socket) {
        Daemon daemon = Daemon.builder().config(DaemonConfig.builder().unixSocket(socket).build()).build();
        toClose.add(daemon);
        return daemon;
    }

    /** A started daemon on {@code socket} serving a {@link ShopImpl} as "shop". */
    private Daemon servingAShop(String socket) {
        Daemon daemon = daemon(socket);
        daemon.register(new ShopImpl(), "shop");
        return daemon.start();
    }

    /** Reads (blocking) until the daemon closes the connection. */
    private static void readUntilClosed(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        int n;
        do {
            n = channel.read(buffer);
            buffer.clear();
        } while (n >= 0);
    }

    private PyroClient client(ClientConfig config) {
        PyroClient client = PyroClient.builder().config(config).build();
        toClose.add(client);
        return client;
    }

    private PyroClient client() {
        return client(ClientConfig.defaults());
    }

    @Test
    void whenADaemonServesAUnixSocketThenProxiesCallItWithEverySerializer() {
        String socket = path("shop.sock");
        ShopImpl shop = new ShopImpl();
        Daemon daemon = daemon(socket);
        daemon.register(shop, "shop");
        daemon.start();
        byte[] big = new byte[1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        for (String serializer : List.of("serpent", "json", "msgpack", "cbor")) {
            Shop proxy = client(ClientConfig.builder().serializer(serializer).build())
                    .proxy("PYRO:shop@./u:" + socket, Shop.class);
            assertThat(proxy.add(2, 3)).as(serializer).isEqualTo(5);
            assertThat(proxy.echo("héllo")).isEqualTo("héllo");
            Shop.Order placed = proxy.place(new Shop.Order(1, "ann", List.of(new Shop.Item("apple", 2)), null));
            assertThat(placed.total()).isEqualByComparingTo("2.50");
            assertThatThrownBy(() -> proxy.fail("out of " + serializer)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("out of " + serializer);
            int before = shop.recordedCount();
            proxy.record(serializer);
            await().until(() -> shop.recordedCount() == before + 1);
            byte[] back = proxy.reversed(big);
            assertThat(back).hasSize(big.length);
            assertThat(back[0]).isEqualTo(big[big.length - 1]);
            assertThat(back[big.length - 1]).isEqualTo(big[0]);
        }
        assertThat(shop.events).containsExactly("serpent", "json", "msgpack", "cbor");
    }

    @Test
    void whenManyThreadsShareAProxyThenTheirCallsRunTogetherOnOneConnection() throws Exception {
        String socket = path("busy.sock");
        Daemon daemon = servingAShop(socket);
        Shop proxy = client(ClientConfig.builder().connectionsPerProxy(1).build())
                .proxy(daemon.uriFor("shop"), Shop.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long started = System.nanoTime();
            List<Future<String>> slow = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                slow.add(pool.submit(() -> proxy.slow(300)));
            }
            List<Future<Integer>> quick = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                quick.add(pool.submit(() -> proxy.add(n, 1)));
            }
            for (int i = 0; i < quick.size(); i++) {
                assertThat(quick.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1);
            }
            for (Future<String> f : slow) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isNotNull();
            }
            // eight calls of 300 ms in well under 8 x 300 ms: they ran at the same time
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
            assertThat(daemon.connectionCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheDaemonHandsOutUrisThenTheyNameItsSocketAsPyro5Does() {
        String socket = path("uris.sock");
        Daemon daemon = daemon(socket);
        ShopImpl shop = new ShopImpl();
        PyroURI before = daemon.register(shop, "shop");
        assertThat(before).as("known before start: the path is the location").isNotNull();
        assertThat(before.toString()).isEqualTo("PYRO:shop@./u:" + socket);
        assertThat(before.unixSocket()).isEqualTo(socket);
        assertThat(before.host()).isNull();
        assertThat(before.port()).isZero();
        daemon.register(new Catalog(shop), "catalog");
        daemon.start();
        assertThat(daemon.uriFor("shop")).isEqualTo(before);
        assertThat(daemon.location()).isEqualTo("./u:" + socket);
        assertThat(daemon.host()).isNull();
        assertThat(daemon.port()).isZero();

        PyroClient client = client();
        PyroProxy daemonObject = client.proxy(daemon.uriFor(Daemon.DAEMON_OBJECT_ID));
        assertThat((String) daemonObject.call("info")).contains("bound on ./u:" + socket);
        // autoproxy: an exported object in a result travels as a proxy with the daemon's socket location
        Object returned = client.proxy(daemon.uriFor("catalog")).call("shop");
        assertThat(returned).isInstanceOf(PyroProxy.class);
        assertThat(((PyroProxy) returned).uri()).isEqualTo(before);
        assertThat(((PyroProxy) returned).call("add", 20, 22)).isEqualTo(42);
    }

    /** Returns a shop registered in the same daemon, so the result travels as a proxy (autoproxy). */
    public static final class Catalog {
        private final Shop shop;

        Catalog(Shop shop) {
            this.shop = shop;
        }

        /** The exported shop. */
        public Shop shop() {
            return shop;
        }
    }

    @Test
    void whenTheDaemonShutsDownThenItsSocketFileIsRemovedAndClientsAreToldNobodyServesThere() {
        String socket = path("gone.sock");
        Daemon daemon = servingAShop(socket);
        assertThat(Path.of(socket)).exists();
        Shop proxy = client().proxy(daemon.uriFor("shop"), Shop.class);
        assertThat(proxy.add(1, 1)).isEqualTo(2);
        daemon.shutdown(Duration.ofSeconds(1));
        assertThat(Path.of(socket)).doesNotExist();
        Shop fresh = client().proxy("PYRO:shop@./u:" + socket, Shop.class);
        assertThatThrownBy(() -> fresh.add(1, 1)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("cannot connect to ./u:" + socket)
                .hasMessageContaining("there is no socket file " + socket)
                .hasMessageContaining("is the daemon running there?");
    }

    @Test
    void whenAStaleSocketFileIsInTheWayThenTheDaemonRemovesItAndServes() throws IOException {
        String socket = path("stale.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Path.of(socket)).as("a closed listener leaves its socket file").exists();
        Shop before = client().proxy("PYRO:shop@./u:" + socket, Shop.class);
        assertThatThrownBy(() -> before.add(1, 1)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("nobody accepts connections on the socket " + socket);

        Daemon daemon = servingAShop(socket);
        assertThat(client().proxy(daemon.uriFor("shop"), Shop.class).add(2, 2)).isEqualTo(4);
    }

    @Test
    void whenAnotherDaemonServesThePathThenStartFailsAndTheFirstKeepsServing() {
        String socket = path("taken.sock");
        Daemon first = servingAShop(socket);
        Daemon second = daemon(socket);
        assertThatThrownBy(second::start).isInstanceOf(CommunicationException.class)
                .hasMessageContaining("cannot bind a daemon to ./u:" + socket)
                .hasMessageContaining("another process is serving on the socket " + socket);
        assertThat(second.state()).isEqualTo(Daemon.State.TERMINATED);
        assertThat(client().proxy(first.uriFor("shop"), Shop.class).add(3, 4)).isEqualTo(7);
    }

    @Test
    void whenARegularFileIsAtThePathThenStartFailsAndTheFileIsLeftAlone() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "precious");
        Daemon daemon = daemon(file.toString());
        assertThatThrownBy(daemon::start).isInstanceOf(CommunicationException.class)
                .hasMessageContaining(file + " exists and is a regular file, not a socket")
                .hasMessageContaining("never removes it");
        assertThat(Files.readString(file)).isEqualTo("precious");
        Shop proxy = client().proxy("PYRO:shop@./u:" + file, Shop.class);
        assertThatThrownBy(() -> proxy.add(1, 1)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining(file + " is a regular file, not a socket");
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void whenTheDirectoryIsMissingThenStartAndConnectSaySo() {
        String socket = path("missing/inner.sock");
        assertThatThrownBy(daemon(socket)::start).isInstanceOf(CommunicationException.class)
                .hasMessageContaining("the directory " + dir.resolve("missing") + " does not exist");
        Shop proxy = client().proxy("PYRO:shop@./u:" + socket, Shop.class);
        assertThatThrownBy(() -> proxy.add(1, 1)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("the directory " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void whenAUriNamesAPathLongerThanASocketPathCanBeThenConnectingSaysSo() {
        String socket = "/tmp/" + "x".repeat(120) + ".sock";
        Shop proxy = client().proxy("PYRO:shop@./u:" + socket, Shop.class);
        assertThatThrownBy(() -> proxy.add(1, 1)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("longer than a Unix domain socket path can be");
    }

    @Test
    void whenTheClientUsesTlsThenAUnixSocketUriIsRefusedSayingWhy() {
        String socket = path("tls.sock");
        Daemon daemon = servingAShop(socket);
        Shop proxy = client(ClientConfig.builder().tls(TlsConfig.builder().enabled(true).build()).build())
                .proxy(daemon.uriFor("shop"), Shop.class);
        assertThatThrownBy(() -> proxy.add(1, 1)).isInstanceOf(CommunicationException.class)
                .hasMessageContaining("TLS does not apply to Unix domain sockets");
        assertThat(daemon.connectionCount()).isZero();
    }

    @Test
    void whenACallTimesOutThenTheConnectionStaysUsable() {
        String socket = path("slow.sock");
        Daemon daemon = servingAShop(socket);
        Shop proxy = client(ClientConfig.builder().callTimeout(Duration.ofMillis(200)).connectionsPerProxy(1).build())
                .proxy(daemon.uriFor("shop"), Shop.class);
        assertThat(proxy.add(1, 2)).isEqualTo(3);
        assertThatThrownBy(() -> proxy.slow(1500)).isInstanceOf(PyroTimeoutException.class);
        assertThat(proxy.add(2, 3)).isEqualTo(5);
        assertThat(daemon.connectionCount()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void whenAClientSendsNothingThenTheDaemonClosesItAfterTheHandshakeTimeoutAndServesOthers() throws IOException {
        String socket = path("mute.sock");
        Daemon daemon = Daemon.builder().config(DaemonConfig.builder().unixSocket(socket)
                .handshakeTimeout(Duration.ofMillis(300)).build()).build();
        toClose.add(daemon);
        daemon.register(new ShopImpl(), "shop");
        daemon.start();
        try (SocketChannel mute = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> daemon.connectionCount() == 1);
            readUntilClosed(mute);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.connectionCount() == 0);
        assertThat(client().proxy(daemon.uriFor("shop"), Shop.class).echo("still here")).isEqualTo("still here");
    }

    @Test
    @Timeout(60)
    void whenTheDaemonReadsGarbageThenItClosesThatConnectionAndServesOthers() throws IOException {
        String socket = path("garbage.sock");
        Daemon daemon = servingAShop(socket);
        try (SocketChannel rude = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            rude.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            readUntilClosed(rude);
        }
        assertThat(client().proxy(daemon.uriFor("shop"), Shop.class).add(5, 5)).isEqualTo(10);
    }

    @Test
    void whenANameServerListensOnAUnixSocketThenPyronameUrisNamingItResolve() {
        String nsSocket = path("ns.sock");
        NameServerHost ns = NameServerHost.builder()
                .config(DaemonConfig.builder().unixSocket(nsSocket).build()).start();
        toClose.add(ns);
        assertThat(ns.uri().toString()).isEqualTo("PYRO:Pyro.NameServer@./u:" + nsSocket);
        assertThat(ns.broadcastPort()).as("no broadcast responder, as Pyro5").isEqualTo(-1);
        Daemon daemon = daemon(path("shop.sock"));
        daemon.register(new ShopImpl(), "shop");
        daemon.start();
        PyroClient client = client();
        try (NameServerProxy proxy = NameServerLocator.locate("./u:" + nsSocket, 0, client)) {
            proxy.register("uds.shop", daemon.uriFor("shop"), false, Set.of("uds"));
            assertThat(proxy.list()).containsEntry("uds.shop", daemon.uriFor("shop"));
        }
        Shop byName = client.proxy("PYRONAME:uds.shop@./u:" + nsSocket, Shop.class);
        assertThat(byName.add(1, 2)).isEqualTo(3);
        Shop byTag = client.proxy("PYROMETA:uds@./u:" + nsSocket, Shop.class);
        assertThat(byTag.add(2, 2)).isEqualTo(4);
    }
}
