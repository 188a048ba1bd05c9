package dev.pyro.errors;

import java.io.PrintStream;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The remote traceback of an exception that came from a remote call (the seed's {@code getPyroTraceback}).
 * The exception's own stack trace already shows the remote frames followed by the local ones, as Java RMI
 * does; this gives the remote side's traceback text on its own, exactly as the remote side formatted it.
 */
public final class RemoteTraceback {

    private static final Map<Throwable, String> TRACEBACKS = Collections.synchronizedMap(new WeakHashMap<>());

    private RemoteTraceback() {
    }

    /**
     * Records the remote traceback of an exception Pyro re-created from a remote error; called by Pyro itself
     * (its exception decoding lives in another package), not by applications.
     */
    public static void attach(Throwable t, String traceback) {
        if (traceback != null) {
            TRACEBACKS.put(t, traceback);
        }
    }

    /** The remote traceback text of {@code t} or of one of its causes; empty if it did not come from a remote call. */
    public static Optional<String> of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String tb = TRACEBACKS.get(c);
            if (tb != null) {
                return Optional.of(tb);
            }
        }
        return Optional.empty();
    }

    /**
     * Pyro's formatted traceback: the remote traceback framed as Pyro5 frames it, or, for a local exception,
     * its local stack trace.
     */
    public static String format(Throwable t) {
        Optional<String> remote = of(t);
        if (remote.isEmpty()) {
            java.io.StringWriter sw = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(sw));
            return sw.toString();
        }
        StringBuilder b = new StringBuilder(" +--- This exception occured remotely (Pyro) - Remote traceback:\n");
        for (String line : remote.get().split("\n")) {
            b.append(" | ").append(line).append('\n');
        }
        b.append(" +--- End of remote traceback\n");
        return b.toString();
    }

    /** Prints {@link #format(Throwable)} to {@code out}. */
    public static void print(Throwable t, PrintStream out) {
        out.print(format(t));
    }
}
