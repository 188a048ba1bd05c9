package dev.pyro.spring.autoconfigure;

import java.util.Map;

/** The remote interface of the starter's tests. */
public interface Warehouse {

    int store(String item, int quantity);

    Map<String, Integer> stock();

    String slow(long millis);
}
