package dev.pyro.naming;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of a {@link NameStore}: a registered object (name, URI text, metadata tags, optional lease) or an
 * explicitly created group (name only). Immutable; the metadata set is sorted so every listing is stable.
 *
 * @param name                 the full dotted name
 * @param kind                 object or group
 * @param uri                  the registered URI text; {@code null} for a group
 * @param metadata             the metadata tags; empty for a group
 * @param leaseExpiresAtMillis when the registration's lease runs out (epoch milliseconds); 0 when it has none
 */
public record NameEntry(String name, NameKind kind, String uri, Set<String> metadata, long leaseExpiresAtMillis) {

    /** Validates the fields and freezes the metadata. */
    public NameEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (kind == NameKind.OBJECT && uri == null) {
            throw new IllegalArgumentException("an object entry needs a uri: " + name);
        }
        if (kind == NameKind.GROUP && (uri != null || (metadata != null && !metadata.isEmpty()))) {
            throw new IllegalArgumentException("a group entry has no uri and no metadata: " + name);
        }
        if (leaseExpiresAtMillis < 0) {
            throw new IllegalArgumentException("leaseExpiresAtMillis must be 0 (no lease) or positive: " + name);
        }
        metadata = metadata == null || metadata.isEmpty()
                ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(metadata));
    }

    /** A registered object without a lease. */
    public static NameEntry object(String name, String uri, Collection<String> metadata) {
        return new NameEntry(name, NameKind.OBJECT, uri, metadata == null ? null : new TreeSet<>(metadata), 0);
    }

    /** A registered object whose lease runs out at {@code leaseExpiresAtMillis} (0: no lease). */
    public static NameEntry object(String name, String uri, Collection<String> metadata, long leaseExpiresAtMillis) {
        return new NameEntry(name, NameKind.OBJECT, uri, metadata == null ? null : new TreeSet<>(metadata),
                leaseExpiresAtMillis);
    }

    /** An explicitly created group. */
    public static NameEntry group(String name) {
        return new NameEntry(name, NameKind.GROUP, null, null, 0);
    }

    /** Whether this is a registered object (not a group). */
    public boolean isObject() {
        return kind == NameKind.OBJECT;
    }

    /** Whether the registration carries a lease. */
    public boolean hasLease() {
        return leaseExpiresAtMillis > 0;
    }

    /** Whether the lease ran out at {@code nowMillis}; never true without a lease. */
    public boolean isExpiredAt(long nowMillis) {
        return leaseExpiresAtMillis > 0 && leaseExpiresAtMillis <= nowMillis;
    }

    /** This entry with other metadata. */
    public NameEntry withMetadata(Collection<String> newMetadata) {
        return new NameEntry(name, kind, uri, newMetadata == null ? null : new TreeSet<>(newMetadata),
                leaseExpiresAtMillis);
    }

    /** This entry with another lease expiry (0: no lease). */
    public NameEntry withLeaseExpiresAt(long newLeaseExpiresAtMillis) {
        return new NameEntry(name, kind, uri, metadata, newLeaseExpiresAtMillis);
    }
}
