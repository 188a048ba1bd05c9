package dev.pyro.tls;

import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.TlsConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS between proxies and daemons over real loopback connections, with the test certificates. */
class TlsTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    private Daemon daemon(String host, TlsConfig tls) {
        Daemon d = closing(Daemon.builder().config(DaemonConfig.builder().host(host).port(0).tls(tls).build()).build());
        d.register(new GreeterImpl(), "greeter", Greeter.class);
        d.start();
        return d;
    }

    private PyroClient client(TlsConfig tls) {
        return closing(PyroClient.builder().config(ClientConfig.builder().connectTimeout(Duration.ofSeconds(3))
                .callTimeout(Duration.ofSeconds(10)).tls(tls).build()).build());
    }

    @Test
    void typedProxyCallsTlsDaemon() throws Exception {
        Daemon d = daemon("localhost", TestCerts.server(false));
        Greeter g = client(TestCerts.client(false)).proxy(d.uriFor("greeter"), Greeter.class);
        assertThat(g.greet("tls")).isEqualTo("hello tls");
        // a reply of many TLS records, and a reply later than the proxy's read slice
        assertThat(g.blob(3_000_000)).hasSize(3_000_000).containsOnly((byte) 7);
        assertThat(g.slow(300)).isEqualTo("slept 300");
        // concurrent calls share and open connections
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> g.greet("n" + n)));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(results.get(i).get()).isEqualTo("hello n" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ipAddressUriIsVerifiedAgainstTheCertificatesIpEntry() {
        Daemon d = daemon("127.0.0.1", TestCerts.server(false));
        assertThat(d.uriFor("greeter").host()).isEqualTo("127.0.0.1");
        assertThat(client(TestCerts.client(false)).proxy(d.uriFor("greeter"), Greeter.class).greet("ip"))
                .isEqualTo("hello ip");
    }

    @Test
    void trustedCertificateNotNamingTheHostIsRefused() {
        // the daemon presents the client certificate (CN=pyro-test-client, no localhost entry), which the proxy trusts
        Daemon d = daemon("localhost", TlsConfig.builder().enabled(true).serverCert(TestCerts.clientCert())
                .serverKey(TestCerts.clientKey()).build());
        TlsConfig trusting = TlsConfig.builder().enabled(true).caCerts(TestCerts.clientCert()).build();
        assertThatThrownBy(() -> client(trusting).proxy(d.uriFor("greeter"), Greeter.class).greet("x"))
                .isInstanceOf(CommunicationException.class)
                .hasMessageContaining("TLS handshake with localhost:")
                .hasMessageContaining("No name matching localhost found")
                .hasMessageContaining("names host 'localhost'");
    }

    @Test
    void aClientThatStallsInTheTlsHandshakeIsClosedAfterTheHandshakeTimeoutAndOthersAreServed() throws Exception {
        Daemon d = closing(Daemon.builder().config(DaemonConfig.builder().host("127.0.0.1").port(0)
                .tls(TestCerts.server(false)).handshakeTimeout(Duration.ofMillis(500)).build()).build());
        d.register(new GreeterImpl(), "greeter", Greeter.class);
        d.start();
        try (java.net.Socket stalled = new java.net.Socket("127.0.0.1", d.port())) {
            // half a TLS record header, then nothing: the handshake never completes
            stalled.getOutputStream().write(new byte[]{0x16, 0x03});
            stalled.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(stalled.getInputStream().read()).as("closed by the daemon").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } catch (java.net.SocketException reset) {
            // closed by the daemon with a reset: also a close
        }
        PyroURI uri = d.uriFor("greeter");
        assertThat(client(TestCerts.client(false)).proxy(uri, Greeter.class).greet("x")).contains("x");
    }

    @Test
    void plainClientAgainstTlsDaemonFailsClearlyAndTheDaemonKeepsServing() {
        Daemon d = daemon("localhost", TestCerts.server(false));
        PyroURI uri = d.uriFor("greeter");
        assertThatThrownBy(() -> client(TlsConfig.disabled()).proxy(uri, Greeter.class).greet("plain"))
                .isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("uses TLS, turn TLS on");
        assertThat(client(TestCerts.client(false)).proxy(uri, Greeter.class).greet("after")).isEqualTo("hello after");
    }

    @Test
    void tlsClientAgainstPlainDaemonFailsClearly() {
        Daemon d = daemon("localhost", TlsConfig.disabled());
        PyroURI uri = d.uriFor("greeter");
        assertThatThrownBy(() -> client(TestCerts.client(false)).proxy(uri, Greeter.class).greet("x"))
                .isInstanceOf(CommunicationException.class)
                .hasMessageContaining("TLS handshake with localhost:" + uri.port() + " failed")
                .hasMessageContaining("check that the daemon serves TLS");
        assertThat(client(TlsConfig.disabled()).proxy(uri, Greeter.class).greet("plain")).isEqualTo("hello plain");
    }

    @Test
    void whenTheServerNeverAnswersTheTlsHelloThenConnectingTimesOutAfterTheConnectTimeout() throws Exception {
        // accepts, then stays silent: the client's TLS handshake blocks in a read that has no socket timeout
        ServerSocket silent = closing(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        ExecutorService acceptor = Executors.newSingleThreadExecutor();
        closing(acceptor::shutdownNow);
        Future<Socket> accepted = acceptor.submit(silent::accept);
        PyroClient impatient = closing(PyroClient.builder().config(ClientConfig.builder()
                .connectTimeout(Duration.ofMillis(300)).tls(TestCerts.client(false)).build()).build());
        PyroURI uri = PyroURI.parse("PYRO:greeter@localhost:" + silent.getLocalPort());

        assertThatThrownBy(() -> impatient.proxy(uri, Greeter.class).greet("x"))
                .isInstanceOf(PyroTimeoutException.class)
                .hasMessageContaining("TLS handshake with localhost:" + silent.getLocalPort() + " timed out after");
        closing(accepted.get(5, TimeUnit.SECONDS));
    }

    @Test
    void untrustedDaemonCertificateIsRefused() {
        Daemon d = daemon("localhost", TestCerts.server(false));
        // trusts only the client certificate, not the daemon's
        TlsConfig wrongCa = TlsConfig.builder().enabled(true).caCerts(TestCerts.clientCert()).build();
        assertThatThrownBy(() -> client(wrongCa).proxy(d.uriFor("greeter"), Greeter.class).greet("x"))
                .isInstanceOf(CommunicationException.class)
                .hasMessageContaining("TLS handshake with localhost:")
                .hasMessageContaining("trusted by the client's CA certificates");
        // nor does the JDK's default trust store know a self-signed test certificate
        TlsConfig jdkDefault = TlsConfig.builder().enabled(true).build();
        assertThatThrownBy(() -> client(jdkDefault).proxy(d.uriFor("greeter"), Greeter.class).greet("x"))
                .isInstanceOf(CommunicationException.class).hasMessageContaining("TLS handshake with");
    }

    @Test
    void mutualTlsRefusesClientsWithoutCertificateAndAcceptsTheTrustedOne() {
        Daemon d = daemon("localhost", TestCerts.server(true));
        PyroURI uri = d.uriFor("greeter");
        assertThatThrownBy(() -> client(TestCerts.client(false)).proxy(uri, Greeter.class).greet("anon"))
                .isInstanceOf(CommunicationException.class);
        // a client presenting a certificate the daemon does not trust (the daemon's own, as client certificate)
        TlsConfig stranger = TlsConfig.builder().enabled(true).caCerts(TestCerts.serverCert())
                .clientCert(TestCerts.serverCert()).clientKey(TestCerts.serverKey()).build();
        assertThatThrownBy(() -> client(stranger).proxy(uri, Greeter.class).greet("stranger"))
                .isInstanceOf(CommunicationException.class);
        assertThat(client(TestCerts.client(true)).proxy(uri, Greeter.class).greet("mtls")).isEqualTo("hello mtls");
    }

    @Test
    void nameServerOverTlsIsFoundByHostAndPortAndResolvesNames() {
        PyroConfig config = PyroConfig.builder().broadcastAddresses(List.of()).connectTimeout(Duration.ofSeconds(3))
                .tls(TestCerts.server(false).toBuilder().caCerts(TestCerts.serverCert()).build()).build();
        NameServerHost ns = closing(NameServerHost.builder().host("localhost").port(0).broadcast(false)
                .config(config).start());
        Daemon d = daemon("localhost", config.daemon().tls());
        PyroClient client = closing(PyroClient.builder().config(config).build());
        NameServerProxy proxy = closing(client.locateNameServer("localhost", ns.port()));
        proxy.register("tls.greeter", d.uriFor("greeter"));
        assertThat(proxy.lookup("tls.greeter")).isEqualTo(d.uriFor("greeter"));
        Greeter g = client.proxy("PYRONAME:tls.greeter@localhost:" + ns.port(), Greeter.class);
        assertThat(g.greet("by name")).isEqualTo("hello by name");
        // a plain client cannot reach it
        PyroClient plain = closing(PyroClient.builder().config(config.toBuilder().ssl(false).build()).build());
        assertThatThrownBy(() -> plain.locateNameServer("localhost", ns.port()).lookup("tls.greeter"))
                .hasMessageContaining("turn TLS on for this client");
    }

    @Test
    void environmentVariablesConfigureTlsForBothSides() {
        Path cert = TestCerts.serverCert();
        PyroConfig config = PyroConfig.fromMap(Map.of("PYRO_SSL", "1", "PYRO_SSL_SERVERCERT", cert.toString(),
                "PYRO_SSL_SERVERKEY", TestCerts.serverKey().toString(), "PYRO_SSL_REQUIRECLIENTCERT", "yes",
                "PYRO_SSL_CLIENTCERT", TestCerts.clientCert().toString(),
                "PYRO_SSL_CLIENTKEY", TestCerts.clientKey().toString(),
                "PYRO_SSL_CACERTS", cert.toString()));
        TlsConfig tls = config.client().tls();
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.serverCert()).isEqualTo(cert);
        assertThat(tls.requireClientCert()).isTrue();
        assertThat(tls.clientCert()).isEqualTo(TestCerts.clientCert());
        assertThat(tls.caCerts()).isEqualTo(cert);
        assertThat(config.daemon().tls()).isSameAs(tls);
        assertThat(PyroConfig.defaults().client().tls().enabled()).isFalse();
        assertThat(PyroConfig.defaults().daemon().tls().enabled()).isFalse();
        assertThatThrownBy(() -> PyroConfig.fromMap(Map.of("PYRO_SSL", "maybe")))
                .hasMessageContaining("PYRO_SSL");
    }

    @Test
    void daemonWithoutCertificateOrWithUnreadableKeyDoesNotStart() {
        Daemon d = closing(Daemon.builder().config(DaemonConfig.builder().port(0)
                .tls(TlsConfig.builder().enabled(true).build()).build()).build());
        assertThatThrownBy(d::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no certificate");
        Daemon wrongKey = closing(Daemon.builder().config(DaemonConfig.builder().port(0)
                .tls(TlsConfig.builder().enabled(true).serverCert(TestCerts.serverCert())
                        .serverKey(TestCerts.serverCert()).build()).build()).build());
        assertThatThrownBy(wrongKey::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no PEM private key");
    }
}
