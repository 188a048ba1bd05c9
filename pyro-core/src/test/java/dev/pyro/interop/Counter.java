package dev.pyro.interop;

import java.util.concurrent.atomic.AtomicInteger;

/** Numbers its instances, so a client can tell which instance served a call (instance modes). */
public final class Counter {

    private static final AtomicInteger MADE = new AtomicInteger();
    private final int instance = MADE.incrementAndGet();

    /** The number of the instance serving this call. */
    public int instance() {
        return instance;
    }
}
