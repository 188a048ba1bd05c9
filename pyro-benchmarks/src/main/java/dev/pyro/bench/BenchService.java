package dev.pyro.bench;

/**
 * The remote interface every system serves: one method per {@link Workload}.
 * Pyro proxies implement it directly; the other systems are adapted to it by a {@link BenchClient}.
 */
public interface BenchService {

    /**
     * The small-call workload.
     *
     * @param a first addend
     * @param b second addend
     * @return {@code a + b}
     */
    int add(int a, int b);

    /**
     * The 64-character string workload.
     *
     * @param s any string
     * @return {@code s} unchanged
     */
    String echo(String s);

    /**
     * The record-in, record-out workload.
     *
     * @param p any value
     * @return {@code p.next()}
     */
    Pojo roundtrip(Pojo p);

    /**
     * The bulk-transfer workload.
     *
     * @param data any bytes
     * @return {@code data.length}
     */
    int sink(byte[] data);
}
