package dev.pyro.it;

import dev.pyro.Oneway;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The remote interface most end-to-end tests use. */
public interface Shop {

    int add(int a, int b);

    String echo(String text);

    Order place(Order order);

    List<Order> orders();

    Map<String, Item> catalog();

    int totalQuantity(List<Order> orders);

    BigDecimal price(String sku, BigDecimal quantity);

    Instant shiftedByOneHour(Instant when);

    byte[] reversed(byte[] data);

    Optional<String> nickname(String name);

    Color complement(Color color);

    void fail(String message);

    void failChecked(String message) throws OutOfStockException;

    void failUndeclaredChecked(String message);

    @Oneway
    void record(String event);

    int recordedCount();

    String getOwner();

    void setOwner(String owner);

    int getVisits();

    Object unserializable();

    String slow(long millis);

    /** Colours, to check enums. */
    enum Color { RED, GREEN, BLUE }

    /** A record with a nested record list. */
    record Order(long id, String customer, List<Item> items, BigDecimal total) {
    }

    /** An item. */
    record Item(String sku, int quantity) {
    }
}
