package dev.pyro.nameserver;

import dev.pyro.PyroURI;
import dev.pyro.naming.NameServerHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** nsc end to end against a real name server: output, stderr and exit codes a script can rely on. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NscTest {

    private NameServerHost host;

    @BeforeAll
    void start() {
        host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @BeforeEach
    void clean() {
        nsc("removematching", "--yes", "shop|other|nsc");
        nsc("delete", "-r", "shop");
    }

    /** What one nsc run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    private Run nsc(String... args) {
        return nscWithInput("", args);
    }

    private Run nscWithInput(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("-n", "127.0.0.1", "-p", String.valueOf(host.port())));
        all.addAll(List.of(args));
        return run(input, all.toArray(String[]::new));
    }

    private static Run run(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Nsc.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pingSaysOk() {
        assertThat(nsc("ping")).isEqualTo(new Run(0, "Name server ping ok." + System.lineSeparator(), ""));
    }

    @Test
    void registerLookupListAndRemoveAsPyro5Nsc() {
        assertThat(nsc("register", "shop.cart", "PYRO:cart@127.0.0.1:4711").out()).contains("Registered shop.cart");
        assertThat(nsc("setmeta", "shop.cart", "tag:b", "tag:a").out()).contains("Metadata updated");

        Run lookup = nsc("lookup", "shop.cart");
        assertThat(lookup.exitCode()).isZero();
        assertThat(lookup.out()).isEqualTo("PYRO:cart@127.0.0.1:4711" + System.lineSeparator()
                + "    metadata: {'tag:a', 'tag:b'}" + System.lineSeparator());

        Run list = nsc("list");
        assertThat(list.out()).startsWith("--------START LIST ")
                .contains("Pyro.NameServer --> " + host.uri())
                .contains("shop.cart --> PYRO:cart@127.0.0.1:4711")
                .contains("--------END LIST ");
        assertThat(nsc("list", "shop.").out()).contains("--------START LIST - prefix 'shop.'").contains("shop.cart")
                .doesNotContain("Pyro.NameServer");
        assertThat(nsc("listmatching", "shop\\.c").out()).contains("- regex 'shop\\.c'").contains("shop.cart");
        assertThat(nsc("yplookup_all", "tag:a", "tag:b").out()).contains("shop.cart");
        assertThat(nsc("yplookup_any", "tag:zz").out()).doesNotContain("shop.cart");
        assertThat(nsc("count").out().strip()).isEqualTo("2");
        assertThat(nsc("setmeta", "shop.cart").out()).contains("Metadata cleared");

        assertThat(nsc("remove", "shop.cart")).isEqualTo(new Run(0, "Removed shop.cart" + System.lineSeparator(), ""));
        assertThat(nsc("remove", "shop.cart").out()).contains("Nothing removed");
    }

    @Test
    void whenNameIsUnknownThenExitCodeOneAndTheErrorOnStderr() {
        Run run = nsc("lookup", "no.such.name");
        assertThat(run.exitCode()).isEqualTo(Nsc.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("Error: NamingError - unknown name: no.such.name");
    }

    @Test
    void whenNameIsTakenThenRegisterFailsWithExitCodeOne() {
        nsc("register", "shop.cart", "PYRO:cart@127.0.0.1:4711");
        Run again = nsc("register", "shop.cart", "PYRO:cart@127.0.0.1:4712");
        assertThat(again.exitCode()).isEqualTo(Nsc.REFUSED);
        assertThat(again.err()).contains("name already registered: shop.cart");
    }

    @Test
    void badNamesAndUrisAreRefusedWithExitCodeOne() {
        assertThat(nsc("register", "shop..cart", "PYRO:cart@127.0.0.1:4711").err()).contains("invalid name");
        assertThat(nsc("register", "shop.cart", "not-a-uri").err()).contains("invalid uri");
        assertThat(nsc("register", "Pyro.Mine", "PYRO:x@127.0.0.1:1").exitCode()).isEqualTo(Nsc.REFUSED);
    }

    @Test
    void usageErrorsExitWithTwo() {
        Run noCommand = nsc();
        assertThat(noCommand.exitCode()).isEqualTo(Nsc.USAGE);
        assertThat(noCommand.err()).contains("invalid or missing command");
        assertThat(nsc("frobnicate").exitCode()).isEqualTo(Nsc.USAGE);
        Run missingArgument = nsc("lookup");
        assertThat(missingArgument.exitCode()).isEqualTo(Nsc.USAGE);
        assertThat(missingArgument.err()).contains("NAME");
        assertThat(nsc("register", "only-a-name").exitCode()).isEqualTo(Nsc.USAGE);
    }

    @Test
    void whenNoNameServerRunsThenExitCodeThree() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run run = run("", "-n", "127.0.0.1", "-p", String.valueOf(closed), "-t", "2", "ping");
        assertThat(run.exitCode()).isEqualTo(Nsc.UNREACHABLE);
        assertThat(run.err()).startsWith("Error: cannot reach the name server: Failed to locate the nameserver")
                .contains("127.0.0.1:" + closed);
    }

    /** A reachable "name server" that answers ping but refuses to list with a SerializeException. */
    public static final class RefusingNameServer {
        public void ping() {
        }

        public Object list(java.util.Optional<Object> prefix, java.util.Optional<Object> regex,
                           java.util.Optional<Object> return_metadata) {
            throw new dev.pyro.errors.SerializeException("cannot serialize the listing: refused on purpose");
        }
    }

    @Test
    void whenAReachableNameServerReturnsASerializeErrorThenItIsARefusalWithExitCodeOne() {
        try (dev.pyro.server.Daemon refusing = dev.pyro.server.Daemon.builder().host("127.0.0.1").port(0).start()) {
            refusing.register(new RefusingNameServer(), "Pyro.NameServer");
            Run run = run("", "-n", "127.0.0.1", "-p", String.valueOf(refusing.port()), "list");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(Nsc.REFUSED);
            assertThat(run.err()).contains("SerializeException", "cannot serialize the listing: refused on purpose")
                    .doesNotContain("cannot reach");
        }
    }

    @Test
    void removematchingAsksFirstUnlessTold() {
        nsc("register", "other.a", "PYRO:a@127.0.0.1:1");
        nsc("register", "other.b", "PYRO:b@127.0.0.1:1");
        assertThat(nscWithInput("n\n", "removematching", "other\\..*").out()).contains("Are you sure (y/n)?")
                .contains("Nothing removed");
        assertThat(nscWithInput("y\n", "removematching", "other\\.a").out()).contains("1 items removed.");
        assertThat(nsc("removematching", "-y", "other\\..*").out()).isEqualTo("1 items removed." + System.lineSeparator());
    }

    @Test
    void groupCommandsAndTreeView() {
        nsc("register", "shop.cart", "PYRO:cart@127.0.0.1:4711");
        nsc("register", "shop.warehouse.stock", "PYRO:stock@127.0.0.1:4712");
        assertThat(nsc("create", "shop.empty").out()).contains("Created group shop.empty");
        assertThat(nsc("create", "shop.empty").out()).contains("already exists");

        Run tree = nsc("tree", "shop");
        assertThat(tree.out()).isEqualTo(String.join(System.lineSeparator(),
                "shop",
                "+-- cart --> PYRO:cart@127.0.0.1:4711",
                "+-- empty/",
                "`-- warehouse/",
                "    `-- stock --> PYRO:stock@127.0.0.1:4712") + System.lineSeparator());
        assertThat(nsc("tree").out()).contains(".", "+-- Pyro/", "|   `-- NameServer --> " + host.uri(), "`-- shop/");

        Run refused = nsc("delete", "shop");
        assertThat(refused.exitCode()).isEqualTo(Nsc.REFUSED);
        assertThat(refused.err()).contains("not empty");
        assertThat(nsc("delete", "-r", "shop").out()).contains("Deleted group shop and 2 registration(s) in it");
        assertThat(nsc("delete", "shop").exitCode()).isEqualTo(Nsc.REFUSED);
    }

    @Test
    void optionsMayAlsoFollowTheCommand() {
        Run run = run("", "ping", "-n", "127.0.0.1", "-p", String.valueOf(host.port()));
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void theNameServerIsFoundByItsUriAsWellAsByHostAndPort() {
        PyroURI uri = host.uri();
        assertThat(run("", "--uri", uri.toString(), "ping").exitCode()).isZero();
        assertThat(run("", "--uri", "not a uri", "ping").exitCode()).isEqualTo(Nsc.USAGE);
        assertThat(run("", "--uri", uri.toString(), "-n", "127.0.0.1", "ping").exitCode()).isEqualTo(Nsc.USAGE);
    }

    @Test
    void anUnknownSerializerIsAUsageError() {
        Run run = nsc("-s", "pickle", "ping");
        assertThat(run.exitCode()).isEqualTo(Nsc.USAGE);
        assertThat(run.err()).contains("unknown serializer 'pickle'");
    }

    @Test
    void everySerializerWorks() {
        for (String serializer : List.of("serpent", "json", "msgpack")) {
            assertThat(nsc("-s", serializer, "list").exitCode()).as(serializer).isZero();
        }
    }
}
