package dev.pyro.wire;

import dev.pyro.Oneway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java twin of the Python object {@code example.thing} that served the golden vectors: same method names,
 * parameter names and results, so captured Python requests can be replayed against a Java daemon. Plus a few
 * members used by the Pyrolite interop test.
 */
public interface Thing {

    int add(int a, int b);

    Object echo(Object value);

    /** Python: {@code process(number, text, ratio=0.0, flag=False, nothing=None, items=(), mapping=None)}. */
    Map<String, Object> process(int number, String text, Optional<Double> ratio, Optional<Boolean> flag,
                                Optional<Object> nothing, Optional<List<Object>> items,
                                Optional<Map<String, Object>> mapping);

    int fired_count();

    @Oneway
    void fire(Object value);

    /** Raises ValueError(message) (an IllegalArgumentException). */
    void fail(String message);

    /** Raises KeyError (a NoSuchElementException). */
    void fail_with_attribute(String key);

    /** Raises Pyro5.errors.NamingError. */
    void fail_naming(String message);

    /** Pyro attribute {@code name}, read-write. */
    String getName();

    void setName(String name);

    /** Pyro attribute {@code version}, read-only. */
    String getVersion();

    // ---- extras for the Pyrolite test

    /** A record result: travels as a plain dict (no {@code __class__}). */
    Order order(String customer, int quantity, List<String> tags);

    long sum(List<Long> numbers);

    Map<String, Integer> lengths(Map<String, String> texts);

    String describe(String text, long number, double ratio, boolean flag, Object nothing);

    /** A POJO-shaped order. */
    record Order(String customer, int quantity, List<String> tags, boolean urgent) {
    }
}
