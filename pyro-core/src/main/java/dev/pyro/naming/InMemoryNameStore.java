package dev.pyro.naming;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link NameStore} in memory: fast, thread-safe, and gone when the process ends. For tests and for a name
 * server embedded in another program.
 */
public final class InMemoryNameStore implements NameStore {

    private final TreeMap<String, NameEntry> entries = new TreeMap<>();
    // One lock for the whole map: a multi-name remove must never be seen half done.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** An empty store. */
    public InMemoryNameStore() {
    }

    @Override
    public Optional<NameEntry> get(String name) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(entries.get(name));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<NameEntry> list(String prefix) {
        lock.readLock().lock();
        try {
            List<NameEntry> result = new ArrayList<>();
            for (Map.Entry<String, NameEntry> e : entries.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                result.add(e.getValue());
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void put(NameEntry entry) {
        lock.writeLock().lock();
        try {
            entries.put(entry.name(), entry);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public int remove(Collection<String> names) {
        lock.writeLock().lock();
        try {
            int removed = 0;
            for (String name : names) {
                if (entries.remove(name) != null) {
                    removed++;
                }
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean isReachable() {
        return true;
    }

    @Override
    public void close() {
        // Nothing to release: the entries live only in this object.
    }
}
