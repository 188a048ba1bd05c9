package dev.pyro.bench;

import java.util.Locale;

/** Number formats of the report. */
final class Format {

    static final String NOT_AVAILABLE = "n/a";

    private Format() {
    }

    /** Nanoseconds as microseconds: one decimal below 100 µs, none above. */
    static String micros(long nanos) {
        if (nanos <= 0) {
            return NOT_AVAILABLE;
        }
        double micros = nanos / 1000.0;
        return micros < 100 ? String.format(Locale.ROOT, "%.1f", micros) : String.format(Locale.ROOT, "%,.0f", micros);
    }

    /** CPU microseconds: one decimal below 100, none above. */
    static String cpuMicros(double micros) {
        if (Double.isNaN(micros)) {
            return NOT_AVAILABLE;
        }
        return micros < 100 ? String.format(Locale.ROOT, "%.1f", micros) : String.format(Locale.ROOT, "%,.0f", micros);
    }

    /** A rate or count with thousands separators. */
    static String count(double value) {
        if (Double.isNaN(value)) {
            return NOT_AVAILABLE;
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A ratio such as {@code 0.85x}. */
    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NOT_AVAILABLE;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2fx" : "%.1fx", value);
    }

    /** Bytes per second as GB/s (10^9). */
    static String gigabytesPerSecond(double bytesPerSecond) {
        if (Double.isNaN(bytesPerSecond)) {
            return NOT_AVAILABLE;
        }
        return String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9);
    }

    /** Bytes as MiB with one decimal. */
    static String mebibytes(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
    }

    /** Bytes as KiB with one decimal. */
    static String kibibytes(double bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
    }

    /** A fraction as a percentage. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    static String decimal(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
