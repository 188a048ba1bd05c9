package dev.pyro.naming;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A store for tests that keeps its names in memory; a test overrides the operations it makes fail or interleave. */
class ForwardingNameStore implements NameStore {

    final InMemoryNameStore names = new InMemoryNameStore();

    @Override
    public Optional<NameEntry> get(String name) {
        return names.get(name);
    }

    @Override
    public List<NameEntry> list(String prefix) {
        return names.list(prefix);
    }

    @Override
    public void put(NameEntry entry) {
        names.put(entry);
    }

    @Override
    public int remove(Collection<String> doomed) {
        return names.remove(doomed);
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    @Override
    public void close() {
    }
}
