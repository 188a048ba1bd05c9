package dev.pyro.naming;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A name server's view of its store in which {@code Pyro.NameServer} is this name server itself, kept in memory.
 * Several name servers may share one store (ZooKeeper): were the entry stored, the last one started would win and
 * every other instance would hand out its URI, stale once it stops. Each instance answers with its own, as a Pyro5
 * name server does; a row of that name in the store (written by an older version) is hidden and removed.
 */
final class OwnEntryStore implements NameStore {

    private final NameStore delegate;
    private volatile NameEntry own;

    OwnEntryStore(NameStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<NameEntry> get(String name) {
        if (Names.NAMESERVER_NAME.equals(name)) {
            return Optional.ofNullable(own);
        }
        return delegate.get(name);
    }

    @Override
    public List<NameEntry> list(String prefix) {
        List<NameEntry> stored = delegate.list(prefix);
        NameEntry self = own;
        boolean includeSelf = self != null && self.name().startsWith(prefix);
        List<NameEntry> result = new ArrayList<>(stored.size() + 1);
        for (NameEntry e : stored) {
            if (e.name().equals(Names.NAMESERVER_NAME)) {
                continue;
            }
            if (includeSelf && e.name().compareTo(self.name()) > 0) {
                result.add(self);
                includeSelf = false;
            }
            result.add(e);
        }
        if (includeSelf) {
            result.add(self);
        }
        return result;
    }

    @Override
    public void put(NameEntry entry) {
        if (Names.NAMESERVER_NAME.equals(entry.name())) {
            if (delegate.get(Names.NAMESERVER_NAME).isPresent()) {
                delegate.remove(List.of(Names.NAMESERVER_NAME));
            }
            own = entry;
            return;
        }
        delegate.put(entry);
    }

    @Override
    public boolean putIfUnchanged(NameEntry entry, Optional<NameEntry> expected) {
        if (Names.NAMESERVER_NAME.equals(entry.name())) {
            return NameStore.super.putIfUnchanged(entry, expected); // held here, not in the shared store
        }
        return delegate.putIfUnchanged(entry, expected);
    }

    @Override
    public int remove(Collection<String> names) {
        if (!names.contains(Names.NAMESERVER_NAME)) {
            return delegate.remove(names);
        }
        int removedOwn = own != null ? 1 : 0;
        own = null;
        return removedOwn + delegate.remove(names.stream().filter(n -> !n.equals(Names.NAMESERVER_NAME)).toList());
    }

    @Override
    public boolean isReachable() {
        return delegate.isReachable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
