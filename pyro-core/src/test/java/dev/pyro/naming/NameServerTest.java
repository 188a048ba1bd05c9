package dev.pyro.naming;

import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The name-server object called directly: Pyro5's semantics, the hierarchy, leases and bad input. */
@SuppressWarnings("unchecked")
class NameServerTest {

    private static final String URI_A = "PYRO:a@127.0.0.1:4711";
    private static final String URI_B = "PYRO:b@127.0.0.1:4712";

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InMemoryNameStore store = new InMemoryNameStore();
    private final NameServer ns = new NameServer(store, now::get);

    @BeforeEach
    void registerSelf() {
        ns.registerSelf(PyroURI.parse("PYRO:Pyro.NameServer@127.0.0.1:9090"));
    }

    private static Optional<Object> none() {
        return Optional.empty();
    }

    private static Optional<Object> of(Object value) {
        return Optional.of(value);
    }

    private void register(String name, String uri) {
        ns.register(name, uri, none(), none());
    }

    @Nested
    class Pyro5Api {

        @Test
        void countIncludesTheNameServersOwnRegistration() {
            assertThat(ns.count()).isEqualTo(1);
            register("example.thing", URI_A);
            assertThat(ns.count()).isEqualTo(2);
        }

        @Test
        void lookupReturnsAUriObject() {
            register("example.thing", URI_A);
            assertThat(ns.lookup("example.thing", none())).isEqualTo(PyroURI.parse(URI_A));
        }

        @Test
        void lookupWithReturnMetadataReturnsATupleOfUriAndMetadataSet() {
            ns.register("example.thing2", PyroURI.parse(URI_A), none(), of(Set.of("tag:blue", "class:Thing")));
            Object result = ns.lookup("example.thing2", of(true));
            assertThat(result).isInstanceOf(Object[].class);
            Object[] pair = (Object[]) result;
            assertThat(pair[0]).isEqualTo(PyroURI.parse(URI_A));
            assertThat((Set<Object>) pair[1]).containsExactlyInAnyOrder("tag:blue", "class:Thing");
        }

        @Test
        void lookupWithFloatZeroAsReturnMetadataReturnsThePlainUriLikePyro5Resolve() {
            register("example.thing", URI_A);
            assertThat(ns.lookup("example.thing", of(0.0))).isEqualTo(PyroURI.parse(URI_A));
            assertThat(ns.lookup("example.thing", of(0))).isInstanceOf(PyroURI.class);
            assertThat(ns.lookup("example.thing", of(""))).isInstanceOf(PyroURI.class);
            assertThat(ns.lookup("example.thing", of(List.of()))).isInstanceOf(PyroURI.class);
            assertThat(ns.lookup("example.thing", of(1.5))).isInstanceOf(Object[].class);
        }

        @Test
        void whenNameIsUnknownThenLookupRaisesUnknownName() {
            assertThatThrownBy(() -> ns.lookup("no.such.name", none())).isInstanceOf(NamingException.class)
                    .hasMessage("unknown name: no.such.name");
        }

        @Test
        void registerWithoutSafeReplacesAnExistingNameAsPyro5Does() {
            register("example.thing", URI_A);
            register("example.thing", URI_B);
            assertThat(ns.lookup("example.thing", none())).isEqualTo(PyroURI.parse(URI_B));
        }

        @Test
        void whenNameIsRegisteredTwiceWithoutReplaceThenNamingError() {
            register("example.thing", URI_A);
            assertThatThrownBy(() -> ns.register("example.thing", URI_B, of(true), none()))
                    .isInstanceOf(NamingException.class).hasMessage("name already registered: example.thing");
            assertThat(ns.lookup("example.thing", none())).isEqualTo(PyroURI.parse(URI_A));
        }

        @Test
        void registerAcceptsListTupleAndSetMetadata() {
            ns.register("a", URI_A, of(false), of(List.of("tag:red")));
            ns.register("b", URI_A, of(false), of(new Object[]{"x", "y"}));
            ns.register("c", URI_A, of(false), of(Set.of("z")));
            assertThat(((Set<Object>) ((Object[]) ns.lookup("b", of(true)))[1])).containsExactly("x", "y");
            assertThat(ns.yplookup(of(List.of("tag:red")), none(), none())).containsOnlyKeys("a");
        }

        @Test
        void whenMetadataIsAStrThenTypeError() {
            assertThatThrownBy(() -> ns.register("a", URI_A, none(), of("tag")))
                    .isInstanceOf(ClassCastException.class).hasMessageContaining("should not be a str");
        }

        @Test
        void whenNameIsNotAStrThenTypeError() {
            assertThatThrownBy(() -> ns.register(42, URI_A, none(), none()))
                    .isInstanceOf(ClassCastException.class).hasMessageContaining("name must be a str");
        }

        @Test
        void whenUriIsNeitherUriNorStrThenTypeError() {
            assertThatThrownBy(() -> ns.register("a", 42, none(), none()))
                    .isInstanceOf(ClassCastException.class).hasMessageContaining("only URIs or strings");
        }

        @Test
        void whenUriTextIsInvalidThenNamingError() {
            assertThatThrownBy(() -> register("a", "not a uri")).isInstanceOf(NamingException.class)
                    .hasMessageContaining("invalid uri");
            assertThatThrownBy(() -> register("a", "PYRO:obj@host:notaport")).isInstanceOf(NamingException.class)
                    .hasMessageContaining("invalid port");
            assertThat(ns.count()).isEqualTo(1);
        }

        @Test
        void uriDictThatArrivedUnconvertedIsAccepted() {
            Map<String, Object> dict = new LinkedHashMap<>();
            dict.put("__class__", "Pyro5.core.URI");
            dict.put("state", new Object[]{"PYRO", "example.thing", null, "127.0.0.1", 47102});
            ns.register("a", dict, none(), none());
            assertThat(ns.lookup("a", none())).isEqualTo(PyroURI.parse("PYRO:example.thing@127.0.0.1:47102"));
        }

        @Test
        void listReturnsUriTextSortedByName() {
            register("other.item", URI_B);
            register("example.thing", URI_A);
            assertThat(ns.list(none(), none(), none())).containsExactly(
                    Map.entry("Pyro.NameServer", "PYRO:Pyro.NameServer@127.0.0.1:9090"),
                    Map.entry("example.thing", URI_A),
                    Map.entry("other.item", URI_B));
        }

        @Test
        void listFiltersByPrefixOrByRegexWithReMatchSemantics() {
            register("example.thing", URI_A);
            register("example.thing2", URI_A);
            register("other.item", URI_B);
            assertThat(ns.list(of("example."), none(), none())).containsOnlyKeys("example.thing", "example.thing2");
            assertThat(ns.list(none(), of("example\\.thing\\d"), none())).containsOnlyKeys("example.thing2");
            assertThat(ns.list(none(), of("thing"), none())).isEmpty();
        }

        @Test
        void listWithReturnMetadataGivesUriMetadataTuplesWithEmptySetsForNoMetadata() {
            register("example.thing", URI_A);
            Map<String, Object> result = ns.list(none(), none(), of(true));
            Object[] pair = (Object[]) result.get("example.thing");
            assertThat(pair[0]).isEqualTo(URI_A);
            assertThat((Set<Object>) pair[1]).isEmpty();
            assertThat((Set<Object>) ((Object[]) result.get("Pyro.NameServer"))[1])
                    .containsExactly("class:Pyro5.nameserver.NameServer");
        }

        @Test
        void whenListGetsPrefixAndRegexThenValueError() {
            assertThatThrownBy(() -> ns.list(of("a"), of("b"), none())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("you can only filter on one thing at a time");
        }

        @Test
        void whenRegexIsInvalidThenInvalidRegexNamingError() {
            assertThatThrownBy(() -> ns.list(none(), of("[invalid"), none())).isInstanceOf(NamingException.class)
                    .hasMessageStartingWith("invalid regex: ");
        }

        @Test
        void removeByNameReturnsOneThenZero() {
            register("example.thing", URI_A);
            assertThat(ns.remove(of("example.thing"), none(), none())).isEqualTo(1);
            assertThat(ns.remove(of("example.thing"), none(), none())).isEqualTo(0);
        }

        @Test
        void removeNeverRemovesTheNameServerItself() {
            register("x", URI_A);
            assertThat(ns.remove(of("Pyro.NameServer"), none(), none())).isZero();
            assertThat(ns.remove(none(), of("Pyro."), none())).isZero();
            assertThat(ns.remove(none(), none(), of(".*"))).isEqualTo(1);
            assertThat(ns.count()).isEqualTo(1);
        }

        @Test
        void removeByPrefixAndByRegexCountsRemovedNames() {
            register("example.thing", URI_A);
            register("example.thing2", URI_A);
            register("other.item", URI_B);
            assertThat(ns.remove(none(), of("other."), none())).isEqualTo(1);
            assertThat(ns.remove(none(), none(), of("example\\..*"))).isEqualTo(2);
            assertThat(ns.count()).isEqualTo(1);
        }

        @Test
        void setMetadataReplacesAndNoneClears() {
            register("example.thing", URI_A);
            ns.set_metadata("example.thing", Set.of("tag:red", "tag:green"));
            assertThat((Set<Object>) ((Object[]) ns.lookup("example.thing", of(true)))[1])
                    .containsExactly("tag:green", "tag:red");
            ns.set_metadata("example.thing", null);
            assertThat((Set<Object>) ((Object[]) ns.lookup("example.thing", of(true)))[1]).isEmpty();
        }

        @Test
        void whenSetMetadataNameIsUnknownThenNamingError() {
            assertThatThrownBy(() -> ns.set_metadata("no.such.name", List.of())).isInstanceOf(NamingException.class)
                    .hasMessage("unknown name: no.such.name");
        }

        @Test
        void yplookupMatchesAllOrAnyTagsAndDefaultsToReturningMetadata() {
            ns.register("example.thing", URI_A, none(), of(Set.of("tag:red", "tag:green")));
            ns.register("example.thing2", URI_A, none(), of(Set.of("tag:blue", "class:Thing")));
            ns.register("other.item", URI_B, none(), of(List.of("tag:red")));
            Map<String, Object> all = ns.yplookup(of(List.of("tag:red")), none(), none());
            assertThat(all).containsOnlyKeys("example.thing", "other.item");
            assertThat(all.get("other.item")).isInstanceOf(Object[].class);
            Map<String, Object> any = ns.yplookup(none(), of(Set.of("tag:blue", "tag:green")), of(false));
            assertThat(any).containsExactly(Map.entry("example.thing", URI_A), Map.entry("example.thing2", URI_A));
        }

        @Test
        void yplookupWithoutFiltersReturnsEmptyDict() {
            register("a", URI_A);
            assertThat(ns.yplookup(none(), none(), none())).isEmpty();
        }

        @Test
        void whenYplookupGetsBothFiltersThenValueError() {
            assertThatThrownBy(() -> ns.yplookup(of(List.of("a")), of(List.of("b")), none()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void whenYplookupGetsAStrThenTypeError() {
            assertThatThrownBy(() -> ns.yplookup(of("tag:red"), none(), none()))
                    .isInstanceOf(ClassCastException.class).hasMessageContaining("metadata_all should not be a str");
        }
    }

    @Nested
    class Hierarchy {

        @Test
        void everyPrefixOfARegisteredNameIsAGroup() {
            register("shop.warehouse.stock", URI_A);
            assertThat(ns.list_group(none())).containsExactly(Map.entry("Pyro", "group"), Map.entry("shop", "group"));
            assertThat(ns.list_group(of("shop"))).containsExactly(Map.entry("shop.warehouse", "group"));
            assertThat(ns.list_group(of("shop.warehouse"))).containsExactly(Map.entry("shop.warehouse.stock", "object"));
        }

        @Test
        void listGroupShowsObjectsAndGroupsSideBySide() {
            register("shop.cart", URI_A);
            register("shop.warehouse.stock", URI_A);
            ns.create_group("shop.empty");
            assertThat(ns.list_group(of("shop"))).containsExactly(
                    Map.entry("shop.cart", "object"), Map.entry("shop.empty", "group"),
                    Map.entry("shop.warehouse", "group"));
        }

        @Test
        void aRegisteredNameMayAlsoHaveNamesBelowItAsInPyro5() {
            register("example.timeout", URI_A);
            register("example.timeout.frozendaemon", URI_B);
            assertThat(ns.lookup("example.timeout", none())).isEqualTo(PyroURI.parse(URI_A));
            assertThat(ns.lookup("example.timeout.frozendaemon", none())).isEqualTo(PyroURI.parse(URI_B));
            assertThat(ns.list(of("example."), none(), none())).containsExactly(
                    Map.entry("example.timeout", URI_A), Map.entry("example.timeout.frozendaemon", URI_B));
            assertThat(ns.count()).isEqualTo(3);
            assertThat(ns.list_group(of("example"))).containsExactly(Map.entry("example.timeout", "group"));
            assertThat(ns.list_group(of("example.timeout")))
                    .containsExactly(Map.entry("example.timeout.frozendaemon", "object"));
        }

        @Test
        void namesBelowCanComeFirstAndTheObjectAboveThem() {
            register("shop.cart", URI_A);
            register("shop", URI_B);
            assertThat(ns.lookup("shop", none())).isEqualTo(PyroURI.parse(URI_B));
            assertThat(ns.list_group(none())).containsEntry("shop", "group");
            assertThatThrownBy(() -> ns.register("shop", URI_A, of(true), none())).isInstanceOf(NamingException.class)
                    .hasMessage("name already registered: shop");
        }

        @Test
        void whenTheObjectIsRemovedThenTheNamesBelowItStayAndViceVersa() {
            register("svc", URI_A);
            register("svc.child", URI_B);
            assertThat(ns.remove(of("svc"), none(), none())).isEqualTo(1);
            assertThat(ns.lookup("svc.child", none())).isEqualTo(PyroURI.parse(URI_B));
            assertThat(ns.list_group(of("svc"))).containsExactly(Map.entry("svc.child", "object"));
            register("svc", URI_A);
            assertThat(ns.remove(of("svc.child"), none(), none())).isEqualTo(1);
            assertThat(ns.lookup("svc", none())).isEqualTo(PyroURI.parse(URI_A));
            assertThat(ns.list_group(none())).containsEntry("svc", "object");
            assertThatThrownBy(() -> ns.list_group(of("svc"))).isInstanceOf(NamingException.class)
                    .hasMessageContaining("registered object with no names below it");
        }

        @Test
        void anExplicitEmptyGroupMayBeRegisteredAsAnObjectAndAnObjectIsAlreadyAGroup() {
            assertThat(ns.create_group("empty")).isTrue();
            register("empty", URI_B);
            assertThat(ns.lookup("empty", none())).isEqualTo(PyroURI.parse(URI_B));
            assertThat(ns.create_group("empty")).as("names can already go below it").isFalse();
            assertThat(ns.create_group("empty.sub")).isTrue();
            assertThat(ns.list_group(of("empty"))).containsExactly(Map.entry("empty.sub", "group"));
        }

        @Test
        void deletingTheGroupOfARegisteredNameRemovesWhatIsBelowAndKeepsTheObject() {
            register("svc", URI_A);
            register("svc.a", URI_B);
            register("svc.b.c", URI_B);
            assertThatThrownBy(() -> ns.delete_group("svc", none())).isInstanceOf(NamingException.class)
                    .hasMessageContaining("is not empty");
            assertThat(ns.delete_group("svc", of(true))).isEqualTo(2);
            assertThat(ns.list(none(), none(), none())).containsOnlyKeys("Pyro.NameServer", "svc");
        }

        @Test
        void createGroupIsIdempotentAndCreatesParents() {
            assertThat(ns.create_group("a.b.c")).isTrue();
            assertThat(ns.create_group("a.b.c")).isFalse();
            assertThat(ns.create_group("a.b")).isFalse();
            assertThat(ns.list_group(of("a"))).containsExactly(Map.entry("a.b", "group"));
        }

        @Test
        void groupsAreNotCountedOrListedAsRegistrations() {
            ns.create_group("a.b");
            assertThat(ns.count()).isEqualTo(1);
            assertThat(ns.list(none(), none(), none())).containsOnlyKeys("Pyro.NameServer");
        }

        @Test
        void whenGroupIsNotEmptyThenDeleteWithoutRecursionIsRefused() {
            register("shop.cart", URI_A);
            assertThatThrownBy(() -> ns.delete_group("shop", none())).isInstanceOf(NamingException.class)
                    .hasMessageContaining("is not empty");
            assertThat(ns.lookup("shop.cart", none())).isEqualTo(PyroURI.parse(URI_A));
        }

        @Test
        void deleteGroupRecursivelyRemovesEverythingInside() {
            register("shop.cart", URI_A);
            register("shop.warehouse.stock", URI_A);
            ns.create_group("shop.empty");
            register("shopping", URI_B);
            assertThat(ns.delete_group("shop", of(true))).isEqualTo(2);
            assertThat(ns.list_group(none())).containsOnlyKeys("Pyro", "shopping");
        }

        @Test
        void emptyExplicitGroupIsDeletedWithoutRecursion() {
            ns.create_group("empty");
            assertThat(ns.delete_group("empty", none())).isZero();
            assertThat(ns.list_group(none())).containsOnlyKeys("Pyro");
        }

        @Test
        void whenDeletingUnknownGroupOrAnObjectThenNamingError() {
            register("obj", URI_A);
            assertThatThrownBy(() -> ns.delete_group("nope", none())).isInstanceOf(NamingException.class)
                    .hasMessage("unknown group: nope");
            assertThatThrownBy(() -> ns.delete_group("obj", of(true))).isInstanceOf(NamingException.class)
                    .hasMessageContaining("is a registered object with no names below it; use remove");
            assertThatThrownBy(() -> ns.list_group(of("obj"))).isInstanceOf(NamingException.class);
            assertThatThrownBy(() -> ns.list_group(of("nope"))).isInstanceOf(NamingException.class)
                    .hasMessage("unknown group: nope");
        }

        @Test
        void whenRegisteringInTheReservedNamespaceThenClearNamingError() {
            assertThatThrownBy(() -> register("Pyro.Evil", URI_A)).isInstanceOf(NamingException.class)
                    .hasMessageContaining("reserved 'Pyro.' namespace");
            assertThatThrownBy(() -> register("Pyro.NameServer", URI_A)).isInstanceOf(NamingException.class);
            assertThatThrownBy(() -> ns.create_group("Pyro.x")).isInstanceOf(NamingException.class);
            assertThatThrownBy(() -> ns.delete_group("Pyro", of(true))).isInstanceOf(NamingException.class);
            assertThat(ns.lookup("Pyro.NameServer", none())).isNotNull();
        }
    }

    @Nested
    class BadInput {

        @Test
        void eachMalformedNameGetsANamingErrorAndNothingIsStored() {
            List<String> bad = List.of("", ".a", "a.", "a..b", "a b", "\t", "a".repeat(Names.MAX_LENGTH + 1));
            List<String> messages = new ArrayList<>();
            for (String name : bad) {
                assertThatThrownBy(() -> register(name, URI_A)).isInstanceOf(NamingException.class)
                        .satisfies(e -> messages.add(e.getMessage()));
                assertThatThrownBy(() -> ns.lookup(name, none())).isInstanceOf(NamingException.class);
            }
            assertThat(messages).allMatch(m -> m.startsWith("invalid name"));
            assertThat(ns.count()).isEqualTo(1);
        }

        @Test
        void hostileRegexIsStoppedAndTheServerKeepsServing() {
            for (int i = 0; i < 20; i++) {
                register("a".repeat(40) + "!" + i, URI_A);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> ns.list(none(), of("(.*a){50}"), none())).isInstanceOf(NamingException.class)
                    .hasMessageContaining("regex too expensive");
            assertThatThrownBy(() -> ns.remove(none(), none(), of("(.*a){60}"))).isInstanceOf(NamingException.class);
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            assertThat(ns.count()).isEqualTo(21);
        }
    }

    @Nested
    class ReservedEntriesAndLookAlikeNames {

        @Test
        void setMetadataOnTheNameServersOwnEntryIsRefusedAndChangesNothing() {
            assertThatThrownBy(() -> ns.set_metadata("Pyro.NameServer", Set.of("class:Evil")))
                    .isInstanceOf(NamingException.class).hasMessageContaining("reserved and read-only");
            assertThatThrownBy(() -> ns.set_metadata("Pyro.NameServer", null)).isInstanceOf(NamingException.class);
            assertThat((Set<String>) ((Object[]) ns.lookup("Pyro.NameServer", of(true)))[1])
                    .containsExactly(NameServer.SELF_METADATA);
        }

        @Test
        void renewingTheNameServersOwnEntryIsRefusedSoItNeverGetsALease() {
            Map<String, String> result = ns.renew(Map.of("Pyro.NameServer", "PYRO:Pyro.NameServer@127.0.0.1:9090"), 0.001);
            assertThat(result).containsExactly(Map.entry("Pyro.NameServer", "reserved"));
            now.addAndGet(1_000);
            assertThat(ns.removeExpired()).isEmpty();
            assertThat(ns.lookup("Pyro.NameServer", of(false))).as("still there after the lease would have run out")
                    .isNotNull();
            assertThat(store.get("Pyro.NameServer")).as("kept by the name server itself, never in the shared store")
                    .isEmpty();
        }

        @Test
        void namesWithInvisibleCharactersCannotShadowARealName() {
            register("shop.cart", URI_A);
            for (String lookAlike : List.of("shop.\u200bcart", "shop.cart\u200d", "shop.\u202etrac", "shop.c\ud800art",
                    "sho\u0308p.cart")) { // o + combining diaeresis: not NFC
                assertThatThrownBy(() -> register(lookAlike, URI_B)).isInstanceOf(NamingException.class)
                        .hasMessageStartingWith("invalid name");
                assertThatThrownBy(() -> ns.create_group(lookAlike)).isInstanceOf(NamingException.class);
                assertThatThrownBy(() -> ns.register_lease(lookAlike, URI_B, 10, none(), none()))
                        .isInstanceOf(NamingException.class);
            }
            assertThat(ns.list(none(), none(), none())).containsOnlyKeys("Pyro.NameServer", "shop.cart");
        }
    }

    @Nested
    class Leases {

        @Test
        void registrationWithLeaseDisappearsWhenTheLeaseRunsOut() {
            ns.register_lease("svc", URI_A, 10, none(), none());
            now.addAndGet(9_999);
            assertThat(ns.lookup("svc", none())).isEqualTo(PyroURI.parse(URI_A));
            now.addAndGet(1);
            assertThatThrownBy(() -> ns.lookup("svc", none())).isInstanceOf(NamingException.class);
            assertThat(ns.list(none(), none(), none())).doesNotContainKey("svc");
            assertThat(ns.removeExpired()).containsExactly("svc");
            assertThat(store.get("svc")).isEmpty();
        }

        @Test
        void renewExtendsTheLease() {
            ns.register_lease("svc", URI_A, 10, none(), none());
            now.addAndGet(8_000);
            assertThat(ns.renew(Map.of("svc", URI_A), 10)).isEmpty();
            now.addAndGet(8_000);
            assertThat(ns.lookup("svc", none())).isEqualTo(PyroURI.parse(URI_A));
        }

        @Test
        void renewReportsUnknownAndReplacedNames() {
            ns.register_lease("svc", URI_A, 10, none(), none());
            register("taken", URI_B);
            Map<String, String> result = ns.renew(Map.of("svc", URI_A, "gone", URI_A, "taken", URI_A), 10);
            assertThat(result).containsExactly(Map.entry("gone", "unknown"), Map.entry("taken", "replaced"));
        }

        @Test
        void registrationsWithoutLeaseNeverExpire() {
            register("python.thing", URI_A);
            now.addAndGet(365L * 24 * 3600 * 1000);
            assertThat(ns.removeExpired()).isEmpty();
            assertThat(ns.lookup("python.thing", none())).isEqualTo(PyroURI.parse(URI_A));
        }

        @Test
        void expiredObjectNoLongerBlocksItsNameAsAGroup() {
            ns.register_lease("svc", URI_A, 1, none(), none());
            now.addAndGet(2_000);
            register("svc.child", URI_B);
            assertThat(ns.list_group(of("svc"))).containsExactly(Map.entry("svc.child", "object"));
        }

        @Test
        void whenLeaseIsNotPositiveThenValueError() {
            assertThatThrownBy(() -> ns.register_lease("svc", URI_A, 0, none(), none()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ns.register_lease("svc", URI_A, "10", none(), none()))
                    .isInstanceOf(ClassCastException.class);
        }
    }
}
