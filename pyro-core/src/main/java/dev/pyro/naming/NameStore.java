package dev.pyro.naming;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where a name server keeps its names. Implementations must be thread-safe and make every write atomic:
 * after {@link #put} or {@link #remove} returns, the change is complete (and, for a durable store, on disk);
 * when it throws, nothing changed.
 *
 * <p>A store holds flat rows ({@link NameEntry}); the hierarchy rules (groups are the dotted prefixes; the
 * {@code Pyro.} namespace is reserved) are the name server's job, which serializes its writes, so one
 * store belongs to one name server. {@link InMemoryNameStore} serves tests and embedded use; nameserver-app
 * adds a JDBC store on an embedded database file.
 */
public interface NameStore extends AutoCloseable {

    /** The entry with exactly this name, if any. */
    Optional<NameEntry> get(String name);

    /** All entries whose name starts with {@code prefix} ({@code ""} for all), sorted by name. */
    List<NameEntry> list(String prefix);

    /** Inserts the entry, or replaces the one with the same name. */
    void put(NameEntry entry);

    /** Removes the entries with these names, all or none; returns how many existed. */
    int remove(Collection<String> names);

    /** Whether the store can be read and written now (for health checks). */
    boolean isReachable();

    /** Releases the store's resources; the store is not used afterwards. */
    @Override
    void close();
}
