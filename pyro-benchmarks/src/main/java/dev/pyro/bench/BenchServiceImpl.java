package dev.pyro.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * The server-side implementation of {@link BenchService} shared by every system, counting the calls it serves.
 */
public final class BenchServiceImpl implements BenchService {

    private static final LongAdder CALLS = new LongAdder();

    /**
     * How many calls all instances in this JVM have served.
     *
     * @return the running total
     */
    public static long callsServed() {
        return CALLS.sum();
    }

    @Override
    public int add(int a, int b) {
        CALLS.increment();
        return a + b;
    }

    @Override
    public String echo(String s) {
        CALLS.increment();
        return s;
    }

    @Override
    public Pojo roundtrip(Pojo p) {
        CALLS.increment();
        return p.next();
    }

    @Override
    public int sink(byte[] data) {
        CALLS.increment();
        return data.length;
    }
}
