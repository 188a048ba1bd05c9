package dev.pyro.naming;

import dev.pyro.PyroURI;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A name server's answer about one name: where the object lives and the metadata tags it was registered with.
 *
 * @param uri      the registered URI
 * @param metadata the metadata tags (sorted, unmodifiable; empty when none)
 */
public record Registration(PyroURI uri, Set<String> metadata) {

    /** Validates and freezes the fields. */
    public Registration {
        Objects.requireNonNull(uri, "uri");
        metadata = metadata == null || metadata.isEmpty()
                ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(metadata));
    }
}
