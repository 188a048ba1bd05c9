package dev.pyro.server;

import dev.pyro.DaemonConfig;
import dev.pyro.TlsConfig;
import dev.pyro.internal.StreamSocket;
import dev.pyro.internal.UnixSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link dev.pyro.ServerType#THREAD} server type: a blocking server socket (TCP, or a Unix domain socket's
 * server channel), one pool thread per connection that reads a request, runs the method and writes the reply (no
 * hand-off between threads), and a watcher thread for what a blocked thread cannot check itself (see
 * {@link ThreadConnection}): sockets are read without read timeouts (a timed read would make the JDK put the socket
 * into non-blocking mode for good, slowing every later read), so the watcher closes a connection whose handshake,
 * idle, frame or reply deadline has passed, which makes its blocked read fail.
 *
 * <p>Connection threads are made on demand and end after a minute unused. Their number is bounded: the daemon's
 * {@link DaemonConfig#maxConnections()} refuses connections beyond it with CONNECTFAIL (logged once a minute),
 * and the pool itself admits at most {@code maxConnections + workerThreads + 16} threads (the extra ones read for a
 * connection whose earlier call is slow, or answer refused clients); a connection arriving when even that is
 * exhausted is closed at once, logged.
 */
final class ThreadServer {

    private static final Logger log = LoggerFactory.getLogger(ThreadServer.class);
    /** How often the watcher looks at connections with a deadline or a call running on their reading thread. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * Every how many ticks the watcher checks the handshake, frame, idle and reply deadlines of every connection
     * (100 ms: deadlines are kept to within that).
     */
    private static final int FULL_SCAN_TICKS = 20;

    private final Daemon daemon;
    private final DaemonConfig config;
    /** The TCP listener; null when the daemon serves a Unix domain socket. */
    private final ServerSocket listener;
    /** The Unix domain socket listener; null for TCP. */
    private final ServerSocketChannel unixListener;
    private final SSLContext ssl;
    private final ThreadPoolExecutor threads;
    /** Connections the watcher must look at (pending handshake, call running inline, reply being written). */
    private final Set<ThreadConnection> watched = ConcurrentHashMap.newKeySet();
    private final Set<ThreadConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Thread watcher;
    /**
     * Runs on the watcher right after it handed a connection's reading to another thread, before it clears the
     * hand-off state; null except in tests that hold that moment open to check the interleavings around it.
     */
    volatile Runnable afterReadingHandedOff;
    private volatile boolean accepting = true;
    private volatile boolean stopped;
    private long lastPoolFullLog;

    private ThreadServer(Daemon daemon, ServerSocket listener, ServerSocketChannel unixListener, SSLContext ssl) {
        this.daemon = daemon;
        this.config = daemon.config();
        this.listener = listener;
        this.unixListener = unixListener;
        this.ssl = ssl;
        this.threads = new ThreadPoolExecutor(0, config.maxConnections() + config.workerThreads() + 16, 60,
                TimeUnit.SECONDS, new SynchronousQueue<>(), NettyTransport.daemonThreads("pyro-connection"));
        this.acceptor = NettyTransport.daemonThreads("pyro-accept").newThread(this::acceptLoop);
        this.watcher = NettyTransport.daemonThreads("pyro-watcher").newThread(this::watchLoop);
    }

    /**
     * Binds the configured host and port (or Unix socket) and starts accepting.
     *
     * @throws IOException           if the port or socket path cannot be bound
     * @throws IllegalStateException if TLS is on and its certificate or key cannot be used
     */
    static ThreadServer start(Daemon daemon) throws IOException {
        DaemonConfig config = daemon.config();
        ThreadServer server;
        if (config.unixSocket() != null) {
            server = new ThreadServer(daemon, null, UnixSockets.bind(config.unixSocket(), 1024), null);
        } else {
            SSLContext ssl = config.tls().enabled() ? sslContext(config.tls()) : null;
            ServerSocket listener = new ServerSocket();
            try {
                listener.setReuseAddress(true);
                listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
            } catch (IOException | RuntimeException e) {
                listener.close();
                throw e;
            }
            server = new ThreadServer(daemon, listener, null, ssl);
        }
        server.acceptor.start();
        server.watcher.start();
        return server;
    }

    /** The JDK TLS context for the daemon's certificate (and the CAs client certificates are checked with). */
    private static SSLContext sslContext(TlsConfig tls) {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(tls.serverKeyManagerFactory().getKeyManagers(),
                    tls.requireClientCert() ? tls.trustManagerFactory().getTrustManagers() : null, null);
            return c;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot set up TLS for the daemon: " + e.getMessage()
                    + " (check the TLS server certificate, key and CA settings)", e);
        }
    }

    /** The address bound: an InetSocketAddress, or the Unix domain socket's address. */
    SocketAddress localAddress() throws IOException {
        return listener != null ? listener.getLocalSocketAddress() : unixListener.getLocalAddress();
    }

    /** Stops accepting connections (open ones keep being served). */
    void stopAccepting() {
        accepting = false;
        try {
            if (listener != null) {
                listener.close();
            } else {
                unixListener.close();
            }
        } catch (IOException e) {
            log.debug("closing the listening socket: {}", e.toString());
        }
    }

    /** Stops every thread: connection threads still running a call are interrupted (the grace is over). */
    void stop() {
        stopAccepting();
        for (ThreadConnection c : open) {
            c.close();
        }
        threads.shutdownNow();
        stopped = true;
        LockSupport.unpark(watcher);
    }

    Daemon daemon() {
        return daemon;
    }

    /** The connections open now (a live view). For tests. */
    Set<ThreadConnection> openConnections() {
        return java.util.Collections.unmodifiableSet(open);
    }

    /** Makes the watcher look at {@code c} on its next rounds (until it has nothing left to check). */
    void watch(ThreadConnection c) {
        watched.add(c);
    }

    /** Runs {@code task} on a new or idle connection thread; false if the pool is exhausted. */
    boolean execute(Runnable task) {
        try {
            threads.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    void closed(ThreadConnection c) {
        open.remove(c);
        watched.remove(c);
    }

    private void acceptLoop() {
        while (accepting) {
            StreamSocket socket;
            try {
                socket = accept();
            } catch (IOException e) {
                if (accepting) {
                    log.warn("accepting a connection failed: {}", e.toString());
                    continue;
                }
                return;
            }
            if (socket == null) {
                continue;
            }
            ThreadConnection c = new ThreadConnection(this, socket, ssl);
            boolean first = open.isEmpty();
            open.add(c);
            if (first) {
                LockSupport.unpark(watcher); // it naps while there is no connection
            }
            if (!execute(c::run)) {
                open.remove(c);
                socket.close();
                long now = System.nanoTime();
                if (now - lastPoolFullLog > TimeUnit.MINUTES.toNanos(1) || lastPoolFullLog == 0) {
                    lastPoolFullLog = now;
                    log.warn("closing a new connection from {} at once: all {} connection threads are busy (open"
                            + " connections and slow calls; DaemonConfig.maxConnections bounds them; logged at most"
                            + " once a minute)", socket.remoteAddress(), threads.getMaximumPoolSize());
                }
            }
        }
    }

    /**
     * The next connection, set up for the daemon (TCP: no Nagle delay, keep-alive); null if setting it up failed
     * (it is closed).
     *
     * @throws IOException if accepting failed (or the listener was closed)
     */
    private StreamSocket accept() throws IOException {
        if (unixListener != null) {
            SocketChannel channel = unixListener.accept();
            try {
                return UnixSockets.accepted(channel);
            } catch (IOException e) {
                log.debug("setting up a connection failed: {}", e.toString());
                channel.close();
                return null;
            }
        }
        Socket socket = listener.accept();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            return StreamSocket.of(socket);
        } catch (IOException e) {
            log.debug("setting up a connection failed: {}", e.toString());
            closeQuietly(socket);
            return null;
        }
    }

    /**
     * Every tick: the connections running a call on their reading thread; every {@link #FULL_SCAN_TICKS} ticks:
     * every connection (handshake, frame, idle and reply deadlines).
     */
    private void watchLoop() {
        long ticks = 0;
        while (!stopped) {
            // without connections nothing can be due: nap until the next one is accepted
            LockSupport.parkNanos(open.isEmpty() ? TimeUnit.SECONDS.toNanos(1) : TICK_NANOS);
            long now = System.nanoTime();
            if (++ticks % FULL_SCAN_TICKS == 0) {
                for (ThreadConnection c : open) {
                    c.check(now, true);
                }
            }
            for (ThreadConnection c : watched) {
                if (!c.check(now, false)) {
                    watched.remove(c);
                    // its reading thread may have started an inline call (and added it again) just before the
                    // removal: such a call must still be watched, or a slow one would never hand the reading on
                    if (c.runningInline()) {
                        watched.add(c);
                    }
                }
            }
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing a socket: {}", e.toString());
        }
    }
}
