package dev.pyro.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A plain Java object; it does not know it is called remotely. */
public final class InMemoryWarehouse implements Warehouse {

    private final Map<String, Integer> stock = new ConcurrentHashMap<>();

    @Override
    public int store(String item, int quantity) {
        return stock.merge(item, quantity, Integer::sum);
    }

    @Override
    public int take(String item, int quantity) {
        int have = stock.getOrDefault(item, 0);
        if (have < quantity) {
            throw new IllegalArgumentException("only " + have + " " + item + " in stock, cannot take " + quantity);
        }
        return stock.merge(item, -quantity, Integer::sum);
    }

    @Override
    public Map<String, Integer> stock() {
        return new TreeMap<>(stock);
    }
}
