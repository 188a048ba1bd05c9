package dev.pyro.sample.client;

import dev.pyro.sample.StockListener;
import dev.pyro.spring.PyroObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's callback object. {@code @PyroObject} exports it with the client application's own daemon;
 * {@code register = false} keeps it out of the name server, because it is handed to the warehouse directly:
 * passed as an argument through a {@code @PyroReference} proxy, an exported bean travels as a proxy to itself.
 * The warehouse's daemon thread calls {@link #stockChanged}; the client's steps wait for the calls.
 */
@PyroObject(value = "example.listener", register = false)
public class RecordingStockListener implements StockListener {

    private final List<StockChange> received = new ArrayList<>();

    @Override
    public synchronized void stockChanged(String item, int quantity) {
        received.add(new StockChange(item, quantity));
        notifyAll();
    }

    /** Every callback received so far, oldest first. */
    public synchronized List<StockChange> received() {
        return List.copyOf(received);
    }

    /**
     * Waits for the callback {@code expected} (it comes from another process, in its own time).
     *
     * @throws IllegalStateException if it does not come within {@code timeout}
     */
    public synchronized StockChange await(StockChange expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!received.contains(expected)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no callback " + expected + " within " + timeout.toSeconds()
                        + " s; received " + received);
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return expected;
    }
}
