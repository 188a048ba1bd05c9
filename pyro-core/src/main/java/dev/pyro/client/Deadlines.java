package dev.pyro.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the deadlines of a client's blocked socket operations: connecting, the TLS handshake, waiting for a reply.
 *
 * <p>Proxies connect and read without socket timeouts, because the JDK serves a timed read by switching the socket
 * to non-blocking mode for good, after which every read of a reply is a read that finds nothing, a {@code poll} and
 * a second read: measurably slower per call than the one blocking read Java RMI does. A thread blocked in a read
 * cannot look at its own deadline, so a watcher thread does: every {@link #TICK_NANOS} it asks each watched item
 * whether a deadline has passed, and the item unblocks its thread (a PING the daemon answers, or closing the socket).
 *
 * <p>One watcher serves every client of the JVM ({@link #shared()}): an application may make a {@link PyroClient}
 * per proxy (as {@code Pyro.proxy(uri, config)} does), and a thread each would be thousands of threads ticking. The
 * thread runs only while something is watched, and ends by itself otherwise.
 */
final class Deadlines {

    /** How often the watcher looks: deadlines are enforced this much late at most (plus a PING's round trip). */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final Deadlines SHARED = new Deadlines();

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    /** Something with a deadline; {@link #check} runs on the watcher thread and must not block. */
    interface Watched {
        /** Acts on a passed deadline; false when the item needs no more watching. */
        boolean check(long now);
    }

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private Thread thread;

    /** The watcher every {@link PyroClient} uses. */
    static Deadlines shared() {
        return SHARED;
    }

    /** Starts watching {@code item} (at once: the watcher runs until nothing is watched). */
    void watch(Watched item) {
        watched.add(item);
        synchronized (this) {
            if (thread == null) {
                thread = new Thread(this::run, "pyro-client-deadlines");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** Whether the watcher thread runs (for tests: it ends once nothing is watched). */
    synchronized boolean running() {
        return thread != null;
    }

    void unwatch(Watched item) {
        watched.remove(item);
    }

    /** Closes {@code target} at {@code deadline} ({@link System#nanoTime()}) unless {@link Guard#done} comes first. */
    Guard closeAt(long deadline, Closeable target) {
        Guard guard = new Guard(deadline, target);
        watch(guard);
        return guard;
    }

    private void run() {
        while (true) {
            LockSupport.parkNanos(this, TICK_NANOS);
            long now = System.nanoTime();
            for (Watched item : watched) {
                try {
                    if (!item.check(now)) {
                        watched.remove(item);
                    }
                } catch (RuntimeException e) {
                    log.warn("deadline check failed for {}; no longer watched", item, e);
                    watched.remove(item);
                }
            }
            synchronized (this) {
                if (watched.isEmpty()) {
                    thread = null;
                    return;
                }
            }
        }
    }

    /** A blocking operation's deadline that closes its socket when passed (connecting, the TLS handshake). */
    static final class Guard implements Watched {
        private final long deadline;
        private final Closeable target;
        private volatile boolean done;
        private volatile boolean fired;

        private Guard(long deadline, Closeable target) {
            this.deadline = deadline;
            this.target = target;
        }

        /** The operation finished (either way): the socket is no longer closed at the deadline. */
        void done() {
            done = true;
        }

        /** Whether the deadline passed and the socket was closed for it. */
        boolean fired() {
            return fired;
        }

        @Override
        public boolean check(long now) {
            if (done) {
                return false;
            }
            if (now - deadline < 0) {
                return true;
            }
            fired = true;
            try {
                target.close();
            } catch (IOException ignored) {
                // closing to unblock the thread waiting on it: nothing more to do
            }
            return false;
        }
    }
}
