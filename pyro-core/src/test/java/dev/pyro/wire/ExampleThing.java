package dev.pyro.wire;

import dev.pyro.errors.NamingException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** What the Python {@code example.thing} does, in Java. */
public class ExampleThing implements Thing {

    private final AtomicInteger fired = new AtomicInteger();
    private volatile String name = "thing-1";

    @Override
    public int add(int a, int b) {
        return a + b;
    }

    @Override
    public Object echo(Object value) {
        return value;
    }

    @Override
    public Map<String, Object> process(int number, String text, Optional<Double> ratio, Optional<Boolean> flag,
                                       Optional<Object> nothing, Optional<List<Object>> items,
                                       Optional<Map<String, Object>> mapping) {
        List<Object> reversed = new ArrayList<>(items.orElse(List.of()));
        Collections.reverse(reversed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", number * 2);
        out.put("text", text.toUpperCase());
        out.put("ratio", ratio.orElse(0.0) / 2);
        out.put("flag", !flag.orElse(false));
        out.put("nothing", nothing.orElse(null));
        out.put("items", reversed);
        out.put("mapping", mapping.orElse(null));
        out.put("count", reversed.size());
        return out;
    }

    @Override
    public int fired_count() {
        return fired.get();
    }

    @Override
    public void fire(Object value) {
        fired.incrementAndGet();
    }

    @Override
    public void fail(String message) {
        throw new IllegalArgumentException(message);
    }

    @Override
    public void fail_with_attribute(String key) {
        throw new NoSuchElementException(key);
    }

    @Override
    public void fail_naming(String message) {
        throw new NamingException(message);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public String getVersion() {
        return "1.0";
    }

    @Override
    public Order order(String customer, int quantity, List<String> tags) {
        return new Order(customer, quantity, tags, quantity > 10);
    }

    @Override
    public long sum(List<Long> numbers) {
        return numbers.stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Map<String, Integer> lengths(Map<String, String> texts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        texts.forEach((k, v) -> out.put(k, v.length()));
        return out;
    }

    @Override
    public String describe(String text, long number, double ratio, boolean flag, Object nothing) {
        return text + "|" + number + "|" + ratio + "|" + flag + "|" + nothing;
    }
}
