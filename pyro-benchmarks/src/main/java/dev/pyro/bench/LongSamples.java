package dev.pyro.bench;

import java.util.Arrays;

/**
 * A growable array of latency samples in nanoseconds with exact percentiles (the array is sorted on demand).
 */
final class LongSamples {

    private long[] values = new long[1024];
    private int size;
    private boolean sorted = true;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
        sorted = false;
    }

    void addAll(LongSamples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    /**
     * The value below which the fraction {@code q} of the samples lie (nearest-rank method).
     *
     * @param q between 0 and 1
     * @return the sample at that rank, or 0 if there are no samples
     */
    long percentile(double q) {
        if (size == 0) {
            return 0;
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(q * size);
        return values[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    double mean() {
        if (size == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }
}
