package dev.pyro.naming;

import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store shared with other name servers (as the ZooKeeper store is): another name server writes between this one's
 * read and its write. The checked writes (safe register, set_metadata, create_group, renew) decide again on what the
 * other wrote, and never overwrite it.
 */
class SharedStoreWritesTest {

    /** An in-memory store in which "another name server" writes once, just before this one's next conditional write. */
    private static final class SharedStore extends ForwardingNameStore {
        private Runnable otherWriter;
        int conditionalWrites;

        void beforeNextConditionalWrite(Runnable write) {
            otherWriter = write;
        }

        @Override
        public synchronized boolean putIfUnchanged(NameEntry entry, Optional<NameEntry> expected) {
            conditionalWrites++;
            Runnable other = otherWriter;
            otherWriter = null;
            if (other != null) {
                other.run();
            }
            return names.putIfUnchanged(entry, expected);
        }
    }

    private final SharedStore store = new SharedStore();
    private final NameServer ns = new NameServer(store);

    @Test
    void whenAnotherNameServerRegistersTheNameFirstThenASafeRegistrationIsRefused() {
        store.beforeNextConditionalWrite(() -> store.put(NameEntry.object("shop", "PYRO:theirs@h:1", null)));

        assertThatThrownBy(() -> ns.register("shop", "PYRO:mine@h:2", Optional.<Object>of(true), Optional.empty()))
                .isInstanceOf(NamingException.class).hasMessage("name already registered: shop");
        assertThat(store.get("shop")).map(NameEntry::uri).contains("PYRO:theirs@h:1");
        assertThat(store.conditionalWrites).isEqualTo(1);
    }

    @Test
    void whenAnotherNameServerOnlyTouchedTheNameThenTheSafeRegistrationDecidesAgainAndSucceeds() {
        store.put(NameEntry.group("shop"));
        store.beforeNextConditionalWrite(() -> store.remove(List.of("shop")));

        ns.register("shop", "PYRO:mine@h:2", Optional.<Object>of(true), Optional.<Object>of(List.of("tag")));

        assertThat(store.get("shop")).contains(NameEntry.object("shop", "PYRO:mine@h:2", Set.of("tag")));
        assertThat(store.conditionalWrites).isEqualTo(2);
    }

    @Test
    void whenAnotherNameServerRemovesTheNameThenSetMetadataDoesNotBringItBack() {
        store.put(NameEntry.object("shop", "PYRO:x@h:1", Set.of("old")));
        store.beforeNextConditionalWrite(() -> store.remove(List.of("shop")));

        assertThatThrownBy(() -> ns.set_metadata("shop", List.of("new"))).isInstanceOf(NamingException.class)
                .hasMessage("unknown name: shop");
        assertThat(store.get("shop")).isEmpty();
    }

    @Test
    void whenAnotherNameServerReRegistersTheNameElsewhereThenARenewalSaysReplacedAndKeepsTheirs() {
        store.put(NameEntry.object("shop", "PYRO:old@h:1", null, System.currentTimeMillis() + 60_000));
        store.beforeNextConditionalWrite(() -> store.put(NameEntry.object("shop", "PYRO:new@h:2", null)));

        Map<String, String> notRenewed = ns.renew(Map.of("shop", "PYRO:old@h:1"), 30);

        assertThat(notRenewed).containsExactly(Map.entry("shop", "replaced"));
        assertThat(store.get("shop")).map(NameEntry::uri).contains("PYRO:new@h:2");
    }

    @Test
    void whenAnotherNameServerRegistersAnObjectUnderTheGroupNameThenCreateGroupLeavesItAlone() {
        store.beforeNextConditionalWrite(() -> store.put(NameEntry.object("shop", "PYRO:x@h:1", null)));

        assertThat(ns.create_group("shop")).isFalse();
        assertThat(store.get("shop")).map(NameEntry::isObject).contains(true);
    }

    @Test
    void whenOtherNameServersKeepChangingTheNameThenTheWriteGivesUpSayingRetry() {
        NameStore restless = new ForwardingNameStore() {
            @Override
            public void put(NameEntry entry) {
                throw new AssertionError("a safe registration must write conditionally");
            }

            @Override
            public boolean putIfUnchanged(NameEntry entry, Optional<NameEntry> expected) {
                return false;
            }
        };

        assertThatThrownBy(() -> new NameServer(restless).register("shop", "PYRO:x@h:1", Optional.<Object>of(true),
                Optional.empty())).isInstanceOf(NamingException.class)
                .hasMessage("'shop' is being changed through other name servers of the same store right now;"
                        + " nothing was written: retry");
    }
}
