package dev.pyro.it;

/** A checked exception declared by {@link Shop#failChecked}. */
public class OutOfStockException extends Exception {

    public OutOfStockException(String message) {
        super(message);
    }
}
