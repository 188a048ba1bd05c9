package dev.pyro.bench;

import java.io.Serializable;

/**
 * The five-field value object of the {@link Workload#POJO} workload: sent as an argument and returned as a result.
 *
 * @param id       a long
 * @param name     a short string
 * @param price    a double
 * @param quantity an int
 * @param active   a boolean
 */
public record Pojo(long id, String name, double price, int quantity, boolean active) implements Serializable {

    /**
     * The value the server answers for this argument; every system computes it the same way.
     *
     * @return a new object whose every field differs from this one
     */
    public Pojo next() {
        return new Pojo(id + 1, name, price * 2, quantity + 1, !active);
    }
}
