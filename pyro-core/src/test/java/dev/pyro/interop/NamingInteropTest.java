package dev.pyro.interop;

import dev.pyro.Pyro;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pyro5's own name server tools against our name server, per serializer: {@code Pyro5.nsc} (ping, register, lookup,
 * setmeta, yplookup, listmatching, list, remove) and {@code locate_ns()} by a real UDP broadcast to the loopback
 * network's broadcast address 127.255.255.255 (which needs no network interface besides loopback; the responder is
 * bound to all interfaces, since a socket bound to 127.0.0.1 receives no broadcasts).
 */
class NamingInteropTest {

    private static Daemon daemon;
    private static NameServerHost nameServer;

    @BeforeAll
    static void start() {
        PythonPeer.require("the name server interop suite");
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        daemon.register(new LabImpl(daemon), "lab");
        nameServer = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(true).broadcastHost("0.0.0.0")
                .broadcastPort(0).start();
    }

    @AfterAll
    static void stop() {
        if (nameServer != null) {
            nameServer.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void pyro5NscAndBroadcastDiscoveryWorkAgainstOurNameServer(String serializer, @TempDir Path dir) {
        PythonPeer python = PythonPeer.require("the name server interop suite");
        String lab = daemon.uriFor("lab").toString();
        PythonPeer.Result r = python.run(dir, JavaDaemonInteropTest.script("python_naming.py"), Map.of(
                        "PYRO_SERIALIZER", serializer, "PYRO_NS_HOST", "0.0.0.0", "PYRO_NS_PORT", "1",
                        "PYRO_NS_BCPORT", String.valueOf(nameServer.broadcastPort()),
                        "PYRO_BROADCAST_ADDRS", "127.255.255.255"),
                "127.0.0.1", String.valueOf(nameServer.port()), String.valueOf(nameServer.broadcastPort()), lab);
        String out = r.output();
        assertThat(section(out, "ping")).as(out).contains("Name server ping ok.");
        assertThat(section(out, "register interop.py " + lab)).as(out).contains("Registered interop.py");
        assertThat(section(out, "lookup interop.py")).as(out).startsWith(lab);
        assertThat(section(out, "setmeta interop.py tag1 tag2")).as(out).contains("Metadata updated");
        assertThat(section(out, "yplookup_any tag2")).as(out).contains("interop.py --> " + lab);
        assertThat(section(out, "listmatching interop\\.p.*")).as(out).contains("interop.py --> " + lab);
        assertThat(section(out, "list interop.")).as(out).contains("interop.py --> " + lab, "metadata:", "tag1");
        assertThat(section(out, "remove interop.py")).as(out).contains("Removed interop.py");
        assertThat(section(out, "lookup interop.py", 2)).as(out).contains("NamingError", "unknown name");
        try (NameServerProxy ns = Pyro.locateNameServer("127.0.0.1", nameServer.port())) {
            assertThat(ns.list("interop.")).isEmpty();
        }
        assertThat(r.line("BROADCAST")).as(out).isEqualTo(nameServer.uri().toString());
        assertThat(section(out, "list")).as(out).contains("--------END LIST");
        assertThat(r.exitCode()).as(out).isZero();
    }

    /** The output after the n-th "== command" line, up to the next one. */
    private static String section(String out, String command, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = out.indexOf("== " + command + "\n", at + 1);
            assertThat(at).as("'== " + command + "' #" + (i + 1) + " in:\n" + out).isNotNegative();
        }
        int start = at + command.length() + 4;
        int end = out.indexOf("\n== ", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    private static String section(String out, String command) {
        return section(out, command, 1);
    }
}
