package dev.pyro.sample.client;

/** One callback the listener received. */
public record StockChange(String item, int quantity) {

    @Override
    public String toString() {
        return "stockChanged(" + item + ", " + quantity + ")";
    }
}
