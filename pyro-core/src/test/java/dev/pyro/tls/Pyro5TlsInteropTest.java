package dev.pyro.tls;

import dev.pyro.DaemonConfig;
import dev.pyro.interop.PythonPeer;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Python Pyro5's SSL client ({@code config.SSL}, {@code SSL_CACERTS}, {@code SSL_CLIENTCERT}, {@code SSL_CLIENTKEY})
 * calls a Java daemon serving TLS. Skipped, with a message, without python3 (with serpent and msgpack) or without
 * Pyro5 in a {@code shared/pyro5} folder above the working directory.
 */
class Pyro5TlsInteropTest {

    private static final String SCRIPT = """
            import sys
            import Pyro5.api
            from Pyro5 import config
            config.SSL = True
            config.SSL_CACERTS = sys.argv[2]
            if len(sys.argv) > 3:
                config.SSL_CLIENTCERT = sys.argv[3]
                config.SSL_CLIENTKEY = sys.argv[4]
            try:
                with Pyro5.api.Proxy(sys.argv[1]) as p:
                    print("RESULT " + p.greet("python"))
            except Exception as e:
                print("FAILED %s: %s" % (type(e).__name__, e))
            """;

    private static final String SERVER_SCRIPT = """
            import sys
            import Pyro5.api
            from Pyro5 import config
            config.SSL = True
            config.SSL_SERVERCERT = sys.argv[1]
            config.SSL_SERVERKEY = sys.argv[2]
            config.SSL_CACERTS = sys.argv[3]
            config.SSL_REQUIRECLIENTCERT = sys.argv[4] == "1"

            @Pyro5.api.expose
            class Greeter(object):
                def greet(self, name):
                    return "hello " + name
                def blob(self, size):
                    return b"x" * size
                def slow(self, millis):
                    return "slept %d" % millis

            daemon = Pyro5.api.Daemon(host="localhost", port=0)
            uri = daemon.register(Greeter(), "greeter")
            print("URI " + str(uri), flush=True)
            daemon.requestLoop()
            """;

    private static PythonPeer python;

    @BeforeAll
    static void findPython() {
        python = PythonPeer.require("the Python Pyro5 TLS interop test");
    }

    private String runPython(Path dir, String... args) {
        return python.run(dir, SCRIPT, args).output();
    }

    @Test
    void pythonSslClientCallsJavaTlsDaemon(@TempDir Path dir) throws Exception {
        try (Daemon d = Daemon.builder().config(DaemonConfig.builder().host("localhost").port(0)
                .tls(TestCerts.server(false)).build()).build()) {
            d.register(new GreeterImpl(), "greeter", Greeter.class);
            d.start();
            String out = runPython(dir, d.uriFor("greeter").toString(), TestCerts.serverCert().toString());
            assertThat(out).contains("RESULT hello python");
        }
    }

    @Test
    void pythonSslClientWithCertificateCallsJavaDaemonRequiringOne(@TempDir Path dir) throws Exception {
        try (Daemon d = Daemon.builder().config(DaemonConfig.builder().host("localhost").port(0)
                .tls(TestCerts.server(true)).build()).build()) {
            d.register(new GreeterImpl(), "greeter", Greeter.class);
            d.start();
            String uri = d.uriFor("greeter").toString();
            String ca = TestCerts.serverCert().toString();
            assertThat(runPython(dir, uri, ca, TestCerts.clientCert().toString(), TestCerts.clientKey().toString()))
                    .contains("RESULT hello python");
            assertThat(runPython(dir, uri, ca)).contains("FAILED").doesNotContain("RESULT");
        }
    }

    @Test
    void javaTlsClientCallsPythonSslDaemonRequiringClientCertificates(@TempDir Path dir) throws Exception {
        try (PythonPeer.Server server = python.start(dir, SERVER_SCRIPT, "URI ", Map.of(),
                TestCerts.serverCert().toString(), TestCerts.serverKey().toString(),
                TestCerts.clientCert().toString(), "1")) {
            String uri = server.ready();
            try (dev.pyro.client.PyroClient withCert = dev.pyro.client.PyroClient.builder().config(
                    dev.pyro.ClientConfig.builder().tls(TestCerts.client(true)).build()).build();
                 dev.pyro.client.PyroClient withoutCert = dev.pyro.client.PyroClient.builder().config(
                         dev.pyro.ClientConfig.builder().tls(TestCerts.client(false)).build()).build()) {
                Greeter g = withCert.proxy(uri, Greeter.class);
                assertThat(g.greet("java")).isEqualTo("hello java");
                assertThat(g.greet("again")).isEqualTo("hello again");
                String u = uri;
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> withoutCert.proxy(u, Greeter.class).greet("anonymous"))
                        .isInstanceOf(dev.pyro.errors.CommunicationException.class);
            }
        }
    }
}
