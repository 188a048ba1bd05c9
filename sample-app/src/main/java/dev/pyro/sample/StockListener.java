package dev.pyro.sample;

import dev.pyro.Oneway;

/** The callback interface: a client implements and exports it, the warehouse calls it. */
public interface StockListener {

    /**
     * The stock of {@code item} is now {@code quantity}. Oneway: the warehouse sends the call and goes on at once,
     * without waiting for the listener (or for any error it throws).
     */
    @Oneway
    void stockChanged(String item, int quantity);
}
