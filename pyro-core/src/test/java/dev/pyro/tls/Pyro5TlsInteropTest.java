package dev.pyro.tls;

import dev.pyro.DaemonConfig;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    private static String python;
    private static Path pyro5;

    @BeforeAll
    static void findPython() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("shared/pyro5/Pyro5"))) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "Python Pyro5 not found (no shared/pyro5/Pyro5 above " + System.getProperty("user.dir")
                + "): skipping the Python Pyro5 TLS interop test");
        pyro5 = dir.resolve("shared/pyro5");
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (works(candidate)) {
                python = candidate;
                break;
            }
        }
        assumeTrue(python != null, "no python3 with the modules serpent and msgpack (apt-get install python3-serpent"
                + " python3-msgpack): skipping the Python Pyro5 TLS interop test");
    }

    /** Pyro5, then an inherited PYTHONPATH (serpent and msgpack may come from there). */
    private static String pythonPath() {
        String inherited = System.getenv("PYTHONPATH");
        return pyro5 + (inherited == null || inherited.isBlank() ? "" : ":" + inherited);
    }

    private static boolean works(String candidate) {
        try {
            Process p = new ProcessBuilder(candidate, "-c", "import serpent, msgpack").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String runPython(Path dir, String... args) throws Exception {
        Path script = dir.resolve("tls_client.py");
        Files.writeString(script, SCRIPT);
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", pythonPath());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        return out;
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
        Path script = dir.resolve("tls_server.py");
        Files.writeString(script, SERVER_SCRIPT);
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), TestCerts.serverCert().toString(),
                TestCerts.serverKey().toString(), TestCerts.clientCert().toString(), "1").redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", pythonPath());
        Process p = pb.start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            String uri = null;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("URI ")) {
                    uri = line.substring(4).strip();
                    break;
                }
            }
            assertThat(uri).as("the Python daemon's URI; its output: %s", seen).isNotNull();
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
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
