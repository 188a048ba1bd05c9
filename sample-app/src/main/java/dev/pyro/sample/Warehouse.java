package dev.pyro.sample;

import java.util.Map;

/**
 * The remote interface of the warehouse: what clients may call. The server application exports an implementation
 * as a {@code @PyroObject}; the client application injects a proxy of it with {@code @PyroReference}.
 */
public interface Warehouse {

    /** Stores {@code quantity} of {@code item}; returns the new stock of that item. */
    int store(String item, int quantity);

    /**
     * Takes {@code quantity} of {@code item}; returns what is left.
     *
     * @throws IllegalArgumentException when there is not enough in stock (it arrives at the caller as the same
     *                                  exception, with the server's traceback; a Python caller gets a ValueError)
     */
    int take(String item, int quantity);

    /** The whole stock, by item. */
    Map<String, Integer> stock();

    /** Who runs the warehouse: a bean property, so a Pyro attribute ({@code proxy.owner} in Python). */
    String getOwner();

    /** Changes the owner (a remote attribute write). */
    void setOwner(String owner);

    /**
     * Calls {@code listener.stockChanged(item, quantity)} after every change of the stock, until unsubscribed or
     * until the listener cannot be reached. The listener is an object exported by the caller's own daemon: it
     * arrives here as a proxy, so the calls go back to the caller (a callback).
     *
     * @return the subscription, for {@link #unsubscribe(String)}
     */
    String subscribe(StockListener listener);

    /** Ends a subscription; returns whether it existed. */
    boolean unsubscribe(String subscription);
}
