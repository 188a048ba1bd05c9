package dev.pyro.tls;

/** The remote interface of the TLS tests. */
public interface Greeter {

    String greet(String name);

    byte[] blob(int size);

    String slow(int millis);
}
