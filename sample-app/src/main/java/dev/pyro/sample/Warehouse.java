package dev.pyro.sample;

import java.util.Map;

/** The remote interface: what clients may call. */
public interface Warehouse {

    /** Stores {@code quantity} of {@code item}; returns the new stock of that item. */
    int store(String item, int quantity);

    /** Takes {@code quantity} of {@code item}; refuses with an exception when there is not enough. */
    int take(String item, int quantity);

    /** The whole stock. */
    Map<String, Integer> stock();
}
