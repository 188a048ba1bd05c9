package dev.pyro.interop;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbers its instances, so a client can tell which instance served a call (instance modes), and records which were
 * closed (the daemon closes SESSION instances when their connection closes, PER_CALL ones after the call).
 */
public final class Counter implements AutoCloseable {

    private static final AtomicInteger MADE = new AtomicInteger();
    /** The numbers of the instances closed so far. */
    static final Set<Integer> CLOSED = ConcurrentHashMap.newKeySet();
    private final int instance = MADE.incrementAndGet();

    /** The number of the instance serving this call. */
    public int instance() {
        return instance;
    }

    @Override
    public void close() {
        CLOSED.add(instance);
    }
}
