package dev.pyro.naming;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryNameStoreTest {

    private final InMemoryNameStore store = new InMemoryNameStore();

    @Test
    void putThenGetReturnsTheEntryWithSortedMetadata() {
        store.put(NameEntry.object("a.b", "PYRO:x@h:1", Set.of("z", "a")));
        NameEntry entry = store.get("a.b").orElseThrow();
        assertThat(entry.uri()).isEqualTo("PYRO:x@h:1");
        assertThat(entry.metadata()).containsExactly("a", "z");
    }

    @Test
    void putReplacesTheEntryWithTheSameName() {
        store.put(NameEntry.object("a", "PYRO:x@h:1", null));
        store.put(NameEntry.object("a", "PYRO:y@h:2", null));
        assertThat(store.get("a").orElseThrow().uri()).isEqualTo("PYRO:y@h:2");
        assertThat(store.list("")).hasSize(1);
    }

    @Test
    void listReturnsOnlyNamesWithThePrefixSortedByName() {
        store.put(NameEntry.object("b.two", "PYRO:x@h:1", null));
        store.put(NameEntry.object("a.one", "PYRO:x@h:1", null));
        store.put(NameEntry.object("b.one", "PYRO:x@h:1", null));
        store.put(NameEntry.group("b.empty"));
        store.put(NameEntry.object("bb", "PYRO:x@h:1", null));
        assertThat(store.list("b.")).extracting(NameEntry::name).containsExactly("b.empty", "b.one", "b.two");
        assertThat(store.list("")).extracting(NameEntry::name)
                .containsExactly("a.one", "b.empty", "b.one", "b.two", "bb");
    }

    @Test
    void removeCountsOnlyNamesThatExisted() {
        store.put(NameEntry.object("a", "PYRO:x@h:1", null));
        store.put(NameEntry.object("b", "PYRO:x@h:1", null));
        assertThat(store.remove(List.of("a", "b", "c"))).isEqualTo(2);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void leaseExpiryIsKeptWithTheEntry() {
        store.put(NameEntry.object("a", "PYRO:x@h:1", null, 1234));
        NameEntry entry = store.get("a").orElseThrow();
        assertThat(entry.hasLease()).isTrue();
        assertThat(entry.isExpiredAt(1233)).isFalse();
        assertThat(entry.isExpiredAt(1234)).isTrue();
    }
}
