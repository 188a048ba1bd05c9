package dev.pyro.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Unix domain sockets for proxies and daemons (Pyro5's {@code ./u:path} locations): connecting, binding with Pyro's
 * rules for a file already at the path, removing the socket file, and saying in plain words why something failed.
 * Not API.
 */
public final class UnixSockets {

    /**
     * Longest socket path in bytes Linux takes (its {@code sun_path} holds 108 bytes with the terminating NUL);
     * macOS and the BSDs take 103.
     */
    public static final int MAX_PATH_BYTES = 107;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(UnixSockets.class);

    private UnixSockets() {
    }

    /** The path's length in bytes as the operating system counts it. */
    public static int pathBytes(String path) {
        return path.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Connects to the socket at {@code path} within {@code timeout} (zero: no limit).
     *
     * @throws IOException as the JDK reports it; {@link #connectFailure} says in words what it means
     */
    public static StreamSocket connect(String path, Duration timeout) throws IOException {
        return new UnixStreamSocket(connectChannel(path, timeout));
    }

    private static SocketChannel connectChannel(String path, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.configureBlocking(false);
            if (!channel.connect(UnixDomainSocketAddress.of(path))) {
                try (Selector s = Selector.open()) {
                    channel.register(s, SelectionKey.OP_CONNECT);
                    long millis = timeout.isZero() ? 0 : Math.max(1, timeout.toMillis());
                    if (s.select(millis) == 0 && !channel.finishConnect()) {
                        throw new java.net.SocketTimeoutException("connect timed out after " + timeout);
                    }
                }
                channel.finishConnect();
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A connection a server channel accepted, as a stream socket with read timeouts. */
    public static StreamSocket accepted(SocketChannel channel) throws IOException {
        return new UnixStreamSocket(channel);
    }

    /**
     * Makes the path free for a daemon to bind, or says why it is not: nothing there is fine; a socket file nobody
     * accepts connections on any more (left by a process that ended without removing it) is removed; a socket a
     * running server accepts on, or anything that is not a socket (a regular file, a directory, a link), is left
     * alone and refused. Pyro5 refuses every existing file (its bind fails); removing a dead socket spares a
     * restarted daemon that failure, and a file that is not a socket is never deleted.
     *
     * @throws BindException saying what is at the path and what to do
     */
    public static void prepareBind(String path) throws IOException {
        Path p = Path.of(path);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(p)) {
            throw new BindException(path + " exists and is " + kind(p) + ", not a socket; the daemon never removes"
                    + " it: delete or move it, or choose another socket path");
        }
        try {
            connectChannel(path, PROBE_TIMEOUT).close();
        } catch (ConnectException refused) {
            // nobody accepts on it: a stale socket file
            Files.deleteIfExists(p);
            log.info("removed the stale socket file {} (no process accepts connections on it)", path);
            return;
        } catch (IOException other) {
            if (message(other).contains("permission denied")) {
                throw new BindException("the socket file " + path + " belongs to someone this process may not"
                        + " connect to (permission denied): choose another socket path");
            }
            // a listener with a full backlog, for example: someone serves there
            log.debug("probing {} before binding: {}", path, other.toString());
        }
        throw new BindException("another process is serving on the socket " + path + " (it accepts connections):"
                + " stop it, or choose another socket path");
    }

    /**
     * Binds a blocking server channel for the thread server type (after {@link #prepareBind}).
     *
     * @throws IOException as the JDK reports it; {@link #bindFailure} says in words what it means
     */
    public static ServerSocketChannel bind(String path, int backlog) throws IOException {
        prepareBind(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path), backlog);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Removes the socket file a daemon bound, when it closes (as Pyro5 does); anything else at the path stays. */
    public static void removeSocketFile(String path) {
        try {
            Path p = Path.of(path);
            if (isSocket(p)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not remove the socket file {}: {}", path, e.toString());
        }
    }

    /** Why binding {@code path} failed, in words (the directory is missing, the path too long, ...). */
    public static String bindFailure(String path, Throwable e) {
        String common = commonFailure(path, e);
        if (common != null) {
            return common;
        }
        if (e instanceof BindException && e.getMessage() != null && e.getMessage().contains(path)) {
            return e.getMessage(); // prepareBind's own words
        }
        if (message(e).contains("permission denied") || e instanceof AccessDeniedException) {
            return "no permission to create the socket file " + path + " in " + parent(path);
        }
        if (message(e).contains("address already in use")) {
            return path + " exists (made by another process just now?): stop that process, or choose another"
                    + " socket path";
        }
        return describe(e);
    }

    /** Why connecting to {@code path} failed, in words (no socket file, not a socket, nobody accepting, ...). */
    public static String connectFailure(String path, Throwable e) {
        String common = commonFailure(path, e);
        if (common != null) {
            return common;
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException invalid) {
            return describe(e);
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return "there is no socket file " + path;
        }
        if (message(e).contains("permission denied")) {
            return "no permission to connect to the socket " + path;
        }
        if (e instanceof ConnectException) {
            return isSocket(p) ? "nobody accepts connections on the socket " + path + " (a stale socket file?)"
                    : path + " is " + kind(p) + ", not a socket";
        }
        return describe(e);
    }

    /** The failures binding and connecting share: the directory is missing, or the path is too long. */
    private static String commonFailure(String path, Throwable e) {
        if (pathBytes(path) > MAX_PATH_BYTES || message(e).contains("too long")) {
            return "the path " + path + " is " + pathBytes(path) + " bytes long, longer than a Unix domain socket"
                    + " path can be (" + MAX_PATH_BYTES + " bytes on Linux, 103 on macOS): choose a shorter path";
        }
        Path parent = parent(path);
        if (parent != null && !Files.isDirectory(parent)) {
            return "the directory " + parent + " does not exist (create it first, or choose another socket path)";
        }
        return null;
    }

    private static Path parent(String path) {
        try {
            return Path.of(path).toAbsolutePath().getParent();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Whether a socket file is at {@code p} (a link to one does not count); false when it cannot be told. */
    static boolean isSocket(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String kind(Path p) {
        if (Files.isSymbolicLink(p)) {
            return "a symbolic link";
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "a directory";
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "a regular file";
        }
        return "a special file";
    }
}
