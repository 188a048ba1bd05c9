package dev.pyro.spring.autoconfigure;

import java.util.Map;
import java.util.TreeMap;

/** A warehouse kept in memory. */
public class InMemoryWarehouse implements Warehouse {

    /** Calls of {@link #slow} running now, so a test can wait until one is really in progress. */
    public static final java.util.concurrent.atomic.AtomicInteger SLOW_CALLS_RUNNING =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Map<String, Integer> stock = new TreeMap<>();

    @Override
    public synchronized int store(String item, int quantity) {
        return stock.merge(item, quantity, Integer::sum);
    }

    @Override
    public synchronized Map<String, Integer> stock() {
        return new TreeMap<>(stock);
    }

    @Override
    public String slow(long millis) {
        SLOW_CALLS_RUNNING.incrementAndGet();
        try {
            Thread.sleep(millis);  // the test's stand-in for slow work, not a wait for something
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            SLOW_CALLS_RUNNING.decrementAndGet();
        }
        return "done after " + millis + " ms";
    }
}
