package dev.pyro.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The calls measured on every system. Each one checks the answer it gets, so a system cannot win by being wrong.
 */
public enum Workload {

    /** {@code int add(int, int)}: the smallest possible call. */
    ADD("add", "int add(int, int)", 8) {
        @Override
        Call bind(BenchClient client) {
            return () -> check(client.add(20, 22) == 42, "add(20, 22) != 42");
        }
    },

    /** {@code String echo(String)} with 64 ASCII characters. */
    ECHO("echo", "String echo(String) of 64 chars", 64) {
        @Override
        Call bind(BenchClient client) {
            return () -> check(ECHO_TEXT.equals(client.echo(ECHO_TEXT)), "echo changed its argument");
        }
    },

    /** {@code Pojo roundtrip(Pojo)}: a record with five fields in and out. */
    POJO("pojo", "Pojo roundtrip(Pojo), 5 fields", 8 + 4 + 16 + 8 + 4 + 1) {
        @Override
        Call bind(BenchClient client) {
            Pojo expected = SAMPLE_POJO.next();
            return () -> check(expected.equals(client.roundtrip(SAMPLE_POJO)), "roundtrip gave a wrong record");
        }
    },

    /** {@code int sink(byte[])} with a 1 MiB argument. */
    BYTES("bytes", "int sink(byte[]) of 1 MiB", 1 << 20) {
        @Override
        Call bind(BenchClient client) {
            byte[] data = BULK_DATA;
            return () -> check(client.sink(data) == data.length, "sink got a wrong length");
        }
    };

    /** The 64-character argument of {@link #ECHO}. */
    public static final String ECHO_TEXT = "The quick brown fox jumps over the lazy dog; Pyro echoes it: 012";

    /** The argument of {@link #POJO}. */
    public static final Pojo SAMPLE_POJO = new Pojo(4_000_000_001L, "widget-16-chars!", 19.99, 7, true);

    private static final byte[] BULK_DATA = bulkData();

    private final String id;
    private final String description;
    private final int payloadBytes;

    Workload(String id, String description, int payloadBytes) {
        this.id = id;
        this.description = description;
        this.payloadBytes = payloadBytes;
    }

    /**
     * The short name used on the command line and in the table.
     *
     * @return e.g. {@code add}
     */
    public String id() {
        return id;
    }

    /**
     * What is called, in words.
     *
     * @return e.g. {@code int add(int, int)}
     */
    public String description() {
        return description;
    }

    /**
     * The size of the argument data in bytes, before any encoding.
     *
     * @return a byte count
     */
    public int payloadBytes() {
        return payloadBytes;
    }

    /**
     * Makes the call of this workload on a client; the returned call throws if the answer is wrong.
     *
     * @param client the client to call
     * @return a reusable call
     */
    abstract Call bind(BenchClient client);

    /**
     * Finds a workload by its {@link #id()} or enum name.
     *
     * @param name e.g. {@code pojo}
     * @return the workload
     * @throws IllegalArgumentException if there is none of that name
     */
    public static Workload byId(String name) {
        for (Workload w : values()) {
            if (w.id.equalsIgnoreCase(name) || w.name().equalsIgnoreCase(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "', known: "
                + Arrays.toString(Arrays.stream(values()).map(Workload::id).toArray()));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static byte[] bulkData() {
        byte[] data = new byte[1 << 20];
        byte[] pattern = "pyro-bench-bulk-".toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (pattern[i % pattern.length] + (i >>> 16));
        }
        return data;
    }

    /**
     * One call of a workload that checks its own answer.
     */
    @FunctionalInterface
    interface Call {
        /** Makes the call once. */
        void invoke();
    }
}
