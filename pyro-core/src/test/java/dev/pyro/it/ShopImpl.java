package dev.pyro.it;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The implementation behind {@link Shop}. */
public class ShopImpl implements Shop {

    final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Order> orders = new CopyOnWriteArrayList<>();
    private final AtomicInteger visits = new AtomicInteger();
    private volatile String owner = "alice";

    @Override
    public int add(int a, int b) {
        return a + b;
    }

    @Override
    public String echo(String text) {
        return text;
    }

    @Override
    public Order place(Order order) {
        orders.add(order);
        BigDecimal total = BigDecimal.ZERO;
        for (Item i : order.items()) {
            total = total.add(BigDecimal.valueOf(i.quantity()).multiply(new BigDecimal("1.25")));
        }
        return new Order(order.id(), order.customer(), order.items(), total);
    }

    @Override
    public List<Order> orders() {
        return new ArrayList<>(orders);
    }

    @Override
    public Map<String, Item> catalog() {
        return Map.of("apple", new Item("apple", 3), "pear", new Item("pear", 5));
    }

    @Override
    public int totalQuantity(List<Order> orders) {
        return orders.stream().flatMap(o -> o.items().stream()).mapToInt(Item::quantity).sum();
    }

    @Override
    public BigDecimal price(String sku, BigDecimal quantity) {
        return quantity.multiply(new BigDecimal("0.10"));
    }

    @Override
    public Instant shiftedByOneHour(Instant when) {
        return when.plus(Duration.ofHours(1));
    }

    @Override
    public byte[] reversed(byte[] data) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[data.length - 1 - i];
        }
        return out;
    }

    @Override
    public Optional<String> nickname(String name) {
        return name.equals("robert") ? Optional.of("bob") : Optional.empty();
    }

    @Override
    public Color complement(Color color) {
        return Color.values()[(color.ordinal() + 1) % 3];
    }

    @Override
    public void fail(String message) {
        throw new IllegalStateException(message);
    }

    @Override
    public void failChecked(String message) throws OutOfStockException {
        throw new OutOfStockException(message);
    }

    @Override
    public void failUndeclaredChecked(String message) {
        sneakyThrow(new java.io.IOException(message));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public void record(String event) {
        events.add(event);
    }

    @Override
    public int recordedCount() {
        return events.size();
    }

    @Override
    public String getOwner() {
        visits.incrementAndGet();
        return owner;
    }

    @Override
    public void setOwner(String owner) {
        this.owner = owner;
    }

    @Override
    public int getVisits() {
        return visits.get();
    }

    @Override
    public Object unserializable() {
        return new Object();
    }

    @Override
    public String slow(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done after " + millis;
    }
}
