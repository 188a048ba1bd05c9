package dev.pyro.naming;

import dev.pyro.interop.PythonPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pyro5's own naming, unchanged, against our name server: its timeout example registers {@code example.timeout}
 * and {@code example.timeout.frozendaemon} (a registered name with a name below it), lists them and resolves both
 * through {@code PYRONAME:}, with each of its serializers.
 */
class Pyro5FlatNamesTest {

    private static final String PYRO5_PROGRAM = """
            import sys, threading, Pyro5.api
            Pyro5.config.NS_HOST = "127.0.0.1"
            Pyro5.config.NS_PORT = int(sys.argv[1])

            @Pyro5.api.expose
            class Thing:
                def __init__(self, label):
                    self.label = label
                def whoami(self):
                    return self.label

            daemon = Pyro5.api.Daemon(host="127.0.0.1")
            uri = daemon.register(Thing("timeout"))
            frozen = daemon.register(Thing("frozen"))
            threading.Thread(target=daemon.requestLoop, daemon=True).start()
            ns = Pyro5.api.locate_ns(host="127.0.0.1", port=int(sys.argv[1]))
            ns.register("example.timeout", uri)
            ns.register("example.timeout.frozendaemon", frozen)
            print("LIST", sorted(ns.list(prefix="example.timeout").keys()))
            print("LOOKUP", ns.lookup("example.timeout") == uri, ns.lookup("example.timeout.frozendaemon") == frozen)
            for name in ("example.timeout", "example.timeout.frozendaemon"):
                with Pyro5.api.Proxy("PYRONAME:" + name) as p:
                    print("CALL", name, p.whoami())
            print("REMOVED", ns.remove("example.timeout"))
            print("LEFT", sorted(ns.list(prefix="example.").keys()))
            daemon.shutdown()
            """;

    private NameServerHost host;

    @BeforeEach
    void start() {
        host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void pyro5RegistersANameAndANameBelowItListsAndResolvesBoth(String serializer, @TempDir Path dir) {
        PythonPeer python = PythonPeer.require("Pyro5's flat names against our name server");
        PythonPeer.Result r = python.run(dir, PYRO5_PROGRAM, Map.of("PYRO_SERIALIZER", serializer),
                Integer.toString(host.port()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.line("LIST")).as(r.output())
                .isEqualTo("['example.timeout', 'example.timeout.frozendaemon']");
        assertThat(r.line("LOOKUP")).as(r.output()).isEqualTo("True True");
        assertThat(r.output()).contains("CALL example.timeout timeout", "CALL example.timeout.frozendaemon frozen");
        assertThat(r.line("REMOVED")).isEqualTo("1");
        assertThat(r.line("LEFT")).as("the name below stays").isEqualTo("['example.timeout.frozendaemon']");
    }
}
