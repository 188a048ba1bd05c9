package dev.pyro.naming;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The name server over a real daemon on 127.0.0.1, called through the generic proxy with every serializer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class NameServerRemoteApiTest {

    private NameServerHost host;

    @BeforeAll
    void startNameServer() {
        host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
    }

    @AfterAll
    void stopNameServer() {
        host.close();
    }

    @BeforeEach
    void clean() {
        host.nameServer().remove(java.util.Optional.empty(), java.util.Optional.of("t."), java.util.Optional.empty());
    }

    private PyroProxy proxy(String serializer) {
        return Pyro.proxy(host.uri(), PyroConfig.builder().serializer(serializer).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void pyro5CallsWithKeywordArgumentsGivePyro5ResultShapes(String serializer) {
        try (PyroProxy ns = proxy(serializer)) {
            ns.call("ping");
            ns.call("register", "t.thing", "PYRO:t.thing@127.0.0.1:47102");
            ns.callWithKeywords("register", List.of("t.thing2", PyroURI.parse("PYRO:t.thing@127.0.0.1:47102")),
                    Map.of("metadata", Set.of("tag:blue", "class:Thing")));
            ns.call("register", "t.other", "PYRO:t.other@127.0.0.1:4711", false, List.of("tag:red"));

            assertThat(ns.call("lookup", "t.thing")).isEqualTo(PyroURI.parse("PYRO:t.thing@127.0.0.1:47102"));
            Object withMeta = ns.callWithKeywords("lookup", List.of("t.thing2"), Map.of("return_metadata", true));
            assertThat(withMeta).isInstanceOf(List.class);
            List<?> pair = (List<Object>) withMeta;
            assertThat(pair.get(0)).isEqualTo(PyroURI.parse("PYRO:t.thing@127.0.0.1:47102"));
            assertThat((Collection<Object>) pair.get(1)).containsExactlyInAnyOrder("tag:blue", "class:Thing");
            // Pyro5's core.resolve passes its delay time (0.0) as return_metadata.
            assertThat(ns.call("lookup", "t.thing", 0.0)).isInstanceOf(PyroURI.class);

            assertThat((Map<Object, Object>) ns.callWithKeywords("list", List.of(), Map.of("prefix", "t.")))
                    .containsEntry("t.thing", "PYRO:t.thing@127.0.0.1:47102").hasSize(3);
            Map<Object, Object> listed = (Map<Object, Object>) ns.callWithKeywords("list", List.of(),
                    Map.of("regex", "t\\.thing\\d", "return_metadata", true));
            assertThat(listed.keySet()).containsExactly("t.thing2");
            assertThat((List<Object>) listed.get("t.thing2")).first().isEqualTo("PYRO:t.thing@127.0.0.1:47102");

            Map<Object, Object> yp = (Map<Object, Object>) ns.callWithKeywords("yplookup", List.of(), Map.of("meta_all", List.of("tag:red")));
            assertThat(yp.keySet()).containsExactly("t.other");
            Map<Object, Object> ypPlain = (Map<Object, Object>) ns.call("yplookup", Set.of("tag:blue"), null, false);
            assertThat(ypPlain).containsExactly(Map.entry("t.thing2", "PYRO:t.thing@127.0.0.1:47102"));
            assertThat((Map<Object, Object>) ns.call("yplookup")).isEmpty();

            ns.call("set_metadata", "t.thing", Set.of("tag:green"));
            assertThat(((Number) ns.callWithKeywords("remove", List.of(), Map.of("prefix", "t."))).intValue()).isEqualTo(3);
            assertThat(((Number) ns.call("count")).intValue()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void namingErrorsArriveAsNamingExceptions(String serializer) {
        try (PyroProxy ns = proxy(serializer)) {
            assertThatThrownBy(() -> ns.call("lookup", "t.no.such.name")).isInstanceOf(NamingException.class)
                    .hasMessageContaining("unknown name: t.no.such.name");
            ns.call("register", "t.dup", "PYRO:x@127.0.0.1:1");
            assertThatThrownBy(() -> ns.callWithKeywords("register", List.of("t.dup", "PYRO:x@127.0.0.1:1"),
                    Map.of("safe", true))).isInstanceOf(NamingException.class)
                    .hasMessageContaining("name already registered: t.dup");
            assertThatThrownBy(() -> ns.call("register", "Pyro.Evil", "PYRO:x@127.0.0.1:1"))
                    .isInstanceOf(NamingException.class).hasMessageContaining("reserved");
            assertThatThrownBy(() -> ns.callWithKeywords("list", List.of(), Map.of("regex", "[invalid")))
                    .isInstanceOf(NamingException.class).hasMessageContaining("invalid regex");
        }
    }

    @Test
    void badInputOfEveryKindGetsAnErrorAndTheServerKeepsServing() {
        try (PyroProxy ns = proxy("serpent")) {
            for (String name : List.of("", "t..x", ".t", "t.", "t x", "t." + "x".repeat(600))) {
                assertThatThrownBy(() -> ns.call("register", name, "PYRO:x@127.0.0.1:1"))
                        .isInstanceOf(NamingException.class).hasMessageContaining("invalid name");
            }
            assertThatThrownBy(() -> ns.call("register", "t.bad", "PYRO:nope")).isInstanceOf(NamingException.class)
                    .hasMessageContaining("invalid uri");
            assertThatThrownBy(() -> ns.call("register", "t.bad", 42)).hasMessageContaining("only URIs or strings");
            ns.call("register", "t." + "a".repeat(40), "PYRO:x@127.0.0.1:1");
            assertThatThrownBy(() -> ns.callWithKeywords("list", List.of(), Map.of("regex", "(.*a){50}")))
                    .isInstanceOf(NamingException.class).hasMessageContaining("regex too expensive");
            ns.call("ping");
        }
    }

    @Test
    void groupOperationsWorkRemotely() {
        try (PyroProxy ns = proxy("msgpack")) {
            ns.call("register", "t.shop.cart", "PYRO:x@127.0.0.1:1");
            assertThat(ns.call("create_group", "t.shop.empty")).isEqualTo(true);
            assertThat((Map<Object, Object>) ns.call("list_group", "t.shop")).containsExactly(
                    Map.entry("t.shop.cart", "object"), Map.entry("t.shop.empty", "group"));
            assertThatThrownBy(() -> ns.call("delete_group", "t.shop")).isInstanceOf(NamingException.class)
                    .hasMessageContaining("not empty");
            assertThat(((Number) ns.callWithKeywords("delete_group", List.of("t.shop"), Map.of("recursive", true)))
                    .intValue()).isEqualTo(1);
        }
    }

    @Test
    void metadataOfTheNameServerMatchesPyro5PlusTheExtraOperations() {
        try (PyroProxy ns = proxy("serpent")) {
            assertThat(ns.methods()).contains("remove", "count", "list", "register", "yplookup", "lookup", "ping",
                    "set_metadata", "create_group", "delete_group", "list_group", "register_lease", "renew");
            assertThat(ns.attributes()).isEmpty();
        }
    }

    @Test
    void theNameServerIsRegisteredUnderItsOwnName() {
        try (NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(), PyroConfig.defaults())) {
            Registration self = ns.lookupWithMetadata("Pyro.NameServer");
            assertThat(self.uri()).isEqualTo(host.uri());
            assertThat(self.metadata()).containsExactly("class:Pyro5.nameserver.NameServer");
        }
    }

    @Test
    void typedClientCoversPyro5AndGroupFeatures() {
        try (NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(), PyroConfig.defaults())) {
            PyroURI uri = PyroURI.parse("PYRO:obj@127.0.0.1:5555");
            ns.register("t.typed.a", uri);
            assertThatThrownBy(() -> ns.register("t.typed.a", uri)).isInstanceOf(NamingException.class);
            ns.register("t.typed.a", uri, true, Set.of("x", "y"));
            assertThat(ns.lookup("t.typed.a")).isEqualTo(uri);
            assertThat(ns.lookupWithMetadata("t.typed.a").metadata()).containsExactly("x", "y");
            assertThat(ns.list("t.typed.")).containsExactly(Map.entry("t.typed.a", uri));
            assertThat(ns.listMatching("t\\.typed\\.")).containsOnlyKeys("t.typed.a");
            assertThat(ns.listWithMetadata("t.", null)).containsOnlyKeys("t.typed.a");
            assertThat(ns.yplookupAll(Set.of("x", "y"))).containsOnlyKeys("t.typed.a");
            assertThat(ns.yplookupAny(Set.of("y", "zz"))).containsOnlyKeys("t.typed.a");
            ns.setMetadata("t.typed.a", Set.of());
            assertThat(ns.yplookupAny(Set.of("y"))).isEmpty();
            assertThat(ns.listGroup("t")).containsExactly(Map.entry("t.typed", NameKind.GROUP));
            assertThat(ns.createGroup("t.typed.g")).isTrue();
            assertThat(ns.deleteGroup("t.typed", true)).isEqualTo(1);
            assertThat(ns.count()).isEqualTo(1);
            assertThat(ns.remove("t.none")).isZero();
            Map<String, Object> unused = new LinkedHashMap<>();
            assertThat(unused).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void whenATagHoldsATerminalEscapeThenTheWriteIsRefusedAndNothingChanges(String serializer) {
        try (PyroProxy ns = proxy(serializer)) {
            ns.call("register", "t.kept", "PYRO:t.kept@127.0.0.1:4711", false, List.of("tag:ok"));

            assertThatThrownBy(() -> ns.call("register", "t.hostile", "PYRO:t.h@127.0.0.1:4711", false,
                    List.of("ok", "red\u001b]0;owned\u0007")))
                    .isInstanceOf(NamingException.class)
                    .hasMessageContaining("invalid metadata tag 'red\\u001b]0;owned\\u0007' for 't.hostile'")
                    .hasMessageContaining("control character");
            assertThatThrownBy(() -> ns.call("set_metadata", "t.kept", List.of("\u202egnp.exe")))
                    .isInstanceOf(NamingException.class).hasMessageContaining("invisible format character");
            assertThatThrownBy(() -> ns.call("register_lease", "t.leased", "PYRO:t.l@127.0.0.1:4711", 30, false,
                    List.of("a\nb"))).isInstanceOf(NamingException.class);

            Map<Object, Object> listed = (Map<Object, Object>) ns.callWithKeywords("list", List.of(),
                    Map.of("prefix", "t.", "return_metadata", true));
            assertThat(listed).containsOnlyKeys("t.kept");
            assertThat((Collection<Object>) ((List<Object>) listed.get("t.kept")).get(1)).containsExactly("tag:ok");
        }
    }
}
