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

    /**
     * A Unix domain socket path, stripped; blank text becomes {@code null} ("not set"). It must fit the operating
     * system's limit and have no {@code ':'} (Pyro5 cannot parse a {@code ./u:} location with one).
     */
    public static String unixSocketPath(String value, String what) {
        String path = optionalText(value);
        if (path == null) {
            return null;
        }
        if (path.indexOf(':') >= 0) {
            throw new IllegalArgumentException(what + " must not contain ':' (Pyro URIs such as PYRO:obj@./u:path"
                    + " cannot carry it), got '" + path + "'");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a NUL character");
        }
        int bytes = UnixSockets.pathBytes(path);
        if (bytes > UnixSockets.MAX_PATH_BYTES) {
            throw new IllegalArgumentException(what + " '" + path + "' is " + bytes + " bytes long; a Unix domain"
                    + " socket path can be at most " + UnixSockets.MAX_PATH_BYTES + " bytes (Linux; 103 on macOS):"
                    + " choose a shorter path, for example in /tmp or /run");
        }
        return path;
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
