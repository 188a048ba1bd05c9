package dev.pyro.bench;

/**
 * One client of a system under test: a single proxy, stub or channel that many caller threads share.
 * Implementations are thread-safe; remote failures surface as unchecked exceptions.
 */
public interface BenchClient extends BenchService, AutoCloseable {

    /** Releases the connection(s) this client holds. */
    @Override
    void close();
}
