package dev.pyro.sample.server;

import dev.pyro.sample.StockListener;
import dev.pyro.sample.Warehouse;
import dev.pyro.spring.PyroObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warehouse: a plain Spring bean that does not know it is called remotely. {@code @PyroObject} makes it a
 * component that the application's daemon serves and that is registered in the name server as
 * {@code example.warehouse} once the application is ready. Its daemon calls it from several threads at once.
 */
@PyroObject("example.warehouse")
public class InMemoryWarehouse implements Warehouse {

    private static final Logger log = LoggerFactory.getLogger(InMemoryWarehouse.class);

    private final Map<String, Integer> stock = new TreeMap<>();
    private final Map<String, StockListener> listeners = new ConcurrentHashMap<>();
    private final AtomicLong subscriptions = new AtomicLong();
    private volatile String owner;

    public InMemoryWarehouse(@Value("${example.warehouse.owner:ACME Storage}") String owner) {
        this.owner = owner;
    }

    @Override
    public int store(String item, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, got " + quantity);
        }
        int now;
        synchronized (stock) {
            now = stock.merge(item, quantity, Integer::sum);
        }
        notifyListeners(item, now);
        return now;
    }

    @Override
    public int take(String item, int quantity) {
        int now;
        synchronized (stock) {
            int have = stock.getOrDefault(item, 0);
            if (have < quantity) {
                throw new IllegalArgumentException("only " + have + " " + item + " in stock, cannot take " + quantity);
            }
            now = have - quantity;
            stock.put(item, now);
        }
        notifyListeners(item, now);
        return now;
    }

    @Override
    public Map<String, Integer> stock() {
        synchronized (stock) {
            return new TreeMap<>(stock);
        }
    }

    @Override
    public String getOwner() {
        return owner;
    }

    @Override
    public void setOwner(String owner) {
        this.owner = owner;
    }

    @Override
    public String subscribe(StockListener listener) {
        String subscription = "subscription-" + subscriptions.incrementAndGet();
        listeners.put(subscription, listener);
        log.info("{}: {}", subscription, listener);
        return subscription;
    }

    @Override
    public boolean unsubscribe(String subscription) {
        return listeners.remove(subscription) != null;
    }

    /** Outside the lock: a listener is remote, and even a oneway call has to connect first. */
    private void notifyListeners(String item, int quantity) {
        listeners.forEach((subscription, listener) -> {
            try {
                listener.stockChanged(item, quantity);
            } catch (RuntimeException e) {  // its application is gone (a CommunicationException): forget it
                listeners.remove(subscription);
                log.info("{} dropped: its listener cannot be reached: {}", subscription, e.toString());
            }
        });
    }
}
