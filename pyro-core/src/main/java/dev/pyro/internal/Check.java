package dev.pyro.internal;

import java.time.Duration;

/**
 * The one place settings are validated: every configuration builder (client, daemon, naming, name server)
 * checks its values with these, so the rules and the error messages are the same everywhere.
 */
public final class Check {

    private Check() {
    }

    /** Non-blank text, stripped. */
    public static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value.strip();
    }

    /** Blank text becomes {@code null} (meaning "not set"); other text is stripped. */
    public static String optionalText(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A TCP/UDP port; 0 means "any free port" (or "not set", as the setting says). */
    public static int port(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be in 0..65535, got " + port);
        }
        return port;
    }

    /** A duration greater than zero. */
    public static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    /** A duration of zero (meaning "no limit", as the setting says) or more. */
    public static Duration notNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive, got " + d);
        }
        return d;
    }

    /** A number at least {@code min}. */
    public static int atLeast(int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
