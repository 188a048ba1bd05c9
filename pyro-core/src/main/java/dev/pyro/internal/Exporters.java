package dev.pyro.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The daemons that share a client: an object exported by any of them travels by reference (as a proxy) when it
 * appears in a call made through that client, which is how callbacks work. Each daemon adds itself when it
 * starts and removes itself when it stops, so nothing outlives it.
 */
public final class Exporters {

    /** Something that exports objects: a daemon. */
    @FunctionalInterface
    public interface Exporter {
        /** The Pyro5 proxy dict for {@code value} if this exporter exported it, else {@code null}. */
        Map<String, Object> referenceFor(Object value);
    }

    private final List<Exporter> exporters = new CopyOnWriteArrayList<>();

    /** Adds an exporter. */
    public void add(Exporter exporter) {
        exporters.add(exporter);
    }

    /** Removes an exporter. */
    public void remove(Exporter exporter) {
        exporters.remove(exporter);
    }

    /** The proxy dict of the first exporter that exported {@code value}, or {@code null}. */
    public Map<String, Object> referenceFor(Object value) {
        for (Exporter e : exporters) {
            Map<String, Object> ref = e.referenceFor(value);
            if (ref != null) {
                return ref;
            }
        }
        return null;
    }
}
