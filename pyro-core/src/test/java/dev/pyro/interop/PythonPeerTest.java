package dev.pyro.interop;

import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Python peer itself: a Python Pyro5 proxy pings a Java daemon, a Java proxy calls a Python daemon. */
class PythonPeerTest {

    @Test
    void pythonProxyReachesJavaDaemonAndJavaProxyReachesPythonDaemon(@TempDir Path dir) throws Exception {
        PythonPeer python = PythonPeer.require("the Python peer test");
        try (Daemon d = Daemon.builder().host("127.0.0.1").port(0).build()) {
            d.start();
            PythonPeer.Result r = python.run(dir, """
                    import sys, Pyro5.api
                    with Pyro5.api.Proxy(sys.argv[1]) as p:
                        p._pyroBind()
                        print("BOUND", sorted(p._pyroMethods))
                    """, d.uriFor("Pyro.Daemon").toString());
            assertThat(r.line("BOUND")).as(r.output()).contains("ping");
        }
        try (PythonPeer.Server s = python.start(dir, """
                import Pyro5.api
                @Pyro5.api.expose
                class Echo:
                    def echo(self, x):
                        return x
                d = Pyro5.api.Daemon(host="127.0.0.1")
                print("URI", d.register(Echo(), "echo"), flush=True)
                d.requestLoop()
                """, "URI ", java.util.Map.of())) {
            assertThat(dev.pyro.Pyro.proxy(s.ready()).call("echo", "hi")).isEqualTo("hi");
        }
    }
}
