package dev.pyro.interop;

import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.Pyro;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unix domain sockets between Java and real Python Pyro5, both ways: a Python client calling a Java daemon at
 * {@code PYRO:obj@./u:path}, and a Java proxy calling a Python daemon made with {@code Daemon(unixsocket=...)}; and
 * Python's {@code locate_ns("./u:path")} finding a Java name server on a Unix socket.
 */
class UnixSocketInteropTest {

    @TempDir
    Path dir;

    private static final String PYTHON_CLIENT = """
            import sys, Pyro5.api, Pyro5.errors
            with Pyro5.api.Proxy(sys.argv[1]) as lab:
                print("location", repr(lab._pyroUri.location))
                print("add", repr(lab.add(2, 3)))
                print("echo", repr(lab.echo([1, "héllo", None])))
                print("big", repr(len(lab.echo("x" * (1024 * 1024)))))
                try:
                    lab.fail("boom")
                except ValueError as e:
                    print("fail", repr("ValueError: " + str(e)))
                kid = lab.child("kid")
                print("autoproxy", repr(kid._pyroUri.location), repr(kid.name()))
            with Pyro5.api.Proxy(sys.argv[2]) as daemon:
                print("info", repr(daemon.info()))
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void whenAPythonClientCallsAJavaDaemonOnAUnixSocketThenItWorksAsOverTcp(String serializer) {
        PythonPeer python = PythonPeer.require("the Unix socket interop test");
        String socket = dir.resolve("java.sock").toString();
        try (Daemon daemon = Daemon.builder().config(DaemonConfig.builder().unixSocket(socket).build()).build()) {
            daemon.register(new LabImpl(daemon), "lab");
            daemon.start();
            PythonPeer.Result r = python.run(dir, PYTHON_CLIENT, Map.of("PYRO_SERIALIZER", serializer),
                    daemon.uriFor("lab").toString(), daemon.uriFor(Daemon.DAEMON_OBJECT_ID).toString());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.line("location")).isEqualTo("'./u:" + socket + "'");
            assertThat(r.line("add")).isEqualTo("5");
            assertThat(r.line("echo")).isEqualTo("[1, 'héllo', None]");
            assertThat(r.line("big")).isEqualTo(String.valueOf(1024 * 1024));
            assertThat(r.line("fail")).isEqualTo("'ValueError: boom'");
            assertThat(r.line("autoproxy")).isEqualTo("'./u:" + socket + "' 'kid'");
            assertThat(r.line("info")).contains("bound on ./u:" + socket);
        }
    }

    private static final String PYTHON_NAMING = """
            import sys, Pyro5.api
            ns = Pyro5.api.locate_ns(sys.argv[1])
            print("ns", repr(ns._pyroUri.location))
            uri = ns.lookup("uds.lab")
            print("lookup", str(uri))
            with Pyro5.api.Proxy(uri) as lab:
                print("add", repr(lab.add(20, 22)))
            """;

    @Test
    void whenPythonLocatesAJavaNameServerOnAUnixSocketThenItsNamesLeadToAJavaDaemonOnOne() {
        PythonPeer python = PythonPeer.require("the Unix socket interop test");
        String nsSocket = dir.resolve("ns.sock").toString();
        String socket = dir.resolve("lab.sock").toString();
        try (NameServerHost ns = NameServerHost.builder()
                .config(DaemonConfig.builder().unixSocket(nsSocket).build()).start();
             Daemon daemon = Daemon.builder().config(DaemonConfig.builder().unixSocket(socket).build()).build()) {
            daemon.register(new LabImpl(daemon), "lab");
            daemon.start();
            try (NameServerProxy proxy = Pyro.locateNameServer("./u:" + nsSocket, 0)) {
                proxy.register("uds.lab", daemon.uriFor("lab"));
            }
            PythonPeer.Result r = python.run(dir, PYTHON_NAMING, "./u:" + nsSocket);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.line("ns")).isEqualTo("'./u:" + nsSocket + "'");
            assertThat(r.line("lookup")).isEqualTo("PYRO:lab@./u:" + socket);
            assertThat(r.line("add")).isEqualTo("42");
        }
    }

    private static final String PYTHON_DAEMON = """
            import sys, Pyro5.api

            @Pyro5.api.expose
            class Lab:
                def add(self, a, b):
                    return a + b
                def echo(self, x):
                    return x
                def fail(self, message):
                    raise ValueError(message)

            with Pyro5.api.Daemon(unixsocket=sys.argv[1]) as daemon:
                print("URI", daemon.register(Lab(), "lab"), flush=True)
                daemon.requestLoop()
            """;

    @Test
    void whenAJavaProxyCallsAPythonDaemonOnAUnixSocketThenItWorksWithEverySerializer() {
        PythonPeer python = PythonPeer.require("the Unix socket interop test");
        String socket = dir.resolve("python.sock").toString();
        try (PythonPeer.Server server = python.start(dir, PYTHON_DAEMON, "URI ", Map.of(), socket)) {
            PyroURI uri = PyroURI.parse(server.ready());
            assertThat(uri).isEqualTo(PyroURI.directUnix("lab", socket));
            for (String serializer : List.of("serpent", "json", "msgpack")) {
                try (PyroClient client = PyroClient.builder()
                        .config(ClientConfig.builder().serializer(serializer).build()).build()) {
                    PythonLab lab = client.proxy(uri, PythonLab.class);
                    assertThat(lab.add(2, 3)).as(serializer).isEqualTo(5);
                    assertThat(lab.echo(List.of(1, "héllo"))).isEqualTo(List.of(1, "héllo"));
                    String big = "y".repeat(1024 * 1024);
                    assertThat(lab.echo(big)).isEqualTo(big);
                    assertThatThrownBy(() -> lab.fail("boom " + serializer))
                            .isInstanceOfSatisfying(PyroRemoteException.class, e -> {
                                assertThat(e.remoteClassName()).isEqualTo("builtins.ValueError");
                                assertThat(e.remoteMessage()).isEqualTo("boom " + serializer);
                            });
                    Pyro.close(lab);
                }
            }
        }
    }
}
