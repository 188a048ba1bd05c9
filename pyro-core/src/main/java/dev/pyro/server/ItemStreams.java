package dev.pyro.server;

import dev.pyro.DaemonConfig;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.PyroException;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.internal.ValueMapper;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.BaseStream;

/**
 * The item streams a daemon has open (Pyro5's {@code streaming_responses}): a method that returns an
 * {@link Iterator}, a {@link BaseStream} ({@code Stream}, {@code IntStream} ...) or an {@link Iterable} that is not a
 * {@link Collection} does not answer with a value but with a stream id; the client then pulls the items one by one
 * through {@code Pyro.Daemon.get_next_stream_item} and may abandon the stream with {@code close_stream}.
 *
 * <p>A stream ends (and its iterator is closed, if it is {@link AutoCloseable}) when it runs out, when the iterator
 * throws, when the client closes it, when it is older than {@link DaemonConfig#itemStreamLifetime()}, when its
 * connection has been closed for longer than {@link DaemonConfig#itemStreamLinger()}, and when the daemon closes.
 * At most {@link DaemonConfig#maxItemStreams()} are open at once.
 */
final class ItemStreams {

    private static final Logger log = LoggerFactory.getLogger(ItemStreams.class);

    private final DaemonConfig config;
    private final Map<String, Entry> streams = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Closes expired streams; made with the first stream when a lifetime or linger is set. Guarded by lock. */
    private ScheduledExecutorService sweeper;
    private boolean closed;

    ItemStreams(DaemonConfig config) {
        this.config = config;
    }

    /**
     * A method's result that streams, before it is started: the items, what closes them, and the mapper that makes
     * them plain should they be collected instead (in a batch).
     */
    static final class Source {
        private final Iterator<?> items;
        private final AutoCloseable closer;
        private final ValueMapper mapper;

        private Source(Iterator<?> items, AutoCloseable closer, ValueMapper mapper) {
            this.items = items;
            this.closer = closer;
            this.mapper = mapper;
        }

        /** Every item as one plain list: a batch does not stream (as in Pyro5); the source is closed after. */
        Object collect() {
            try {
                List<Object> out = new ArrayList<>();
                items.forEachRemaining(out::add);
                return mapper.toPlain(out);
            } finally {
                close("collected");
            }
        }

        void close(String why) {
            if (closer == null) {
                return;
            }
            try {
                closer.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                log.warn("closing an item stream ({}) failed: {}", why, t.toString());
            }
        }
    }

    /**
     * The streaming form of a method's result, or {@code null} if it is a value: an {@link Iterator}, a
     * {@link BaseStream}, or an {@link Iterable} that is neither a {@link Collection} nor a {@link Path} (those are
     * values, as Python's lists are).
     */
    static Source source(Object result, ValueMapper mapper) {
        if (result instanceof BaseStream<?, ?> s) {
            return new Source(s.iterator(), s, mapper);
        }
        if (result instanceof Iterator<?> it) {
            return new Source(it, it instanceof AutoCloseable c ? c : null, mapper);
        }
        if (result instanceof Iterable<?> it && !(result instanceof Collection<?>) && !(result instanceof Path)) {
            Iterator<?> items = it.iterator();
            AutoCloseable closer = result instanceof AutoCloseable c ? c
                    : items instanceof AutoCloseable c ? c : null;
            return new Source(items, closer, mapper);
        }
        return null;
    }

    /**
     * What the daemon answers for a call whose result streams: Pyro5's "stream started" reply, an exception reply
     * flagged {@link Flags#ITEMSTREAMRESULT} with the stream id in annotation {@code STRM} (clients that cannot
     * stream see a {@code ProtocolError}); or a refusal when streaming is off or too many streams are open.
     *
     * @param value       the plain reply value
     * @param flags       the reply flags
     * @param annotations annotations to add to the reply
     */
    record Started(Object value, int flags, Map<String, byte[]> annotations) {
        /** The reply's annotations: those the method set, then this reply's own. */
        Map<String, byte[]> annotationsAfter(Map<String, byte[]> responseAnnotations) {
            if (annotations.isEmpty()) {
                return responseAnnotations;
            }
            Map<String, byte[]> all = new LinkedHashMap<>(responseAnnotations);
            all.putAll(annotations);
            return all;
        }
    }

    /** Starts streaming {@code source} for the connection {@code connectionId}. */
    Started start(Source source, long connectionId) {
        Object startedValue = ExceptionCodec.encode(new ProtocolException(Wire.STREAM_STARTED_MESSAGE));
        if (!config.itemStreaming()) {
            // Pyro5 with ITER_STREAMING off: the same flags without a stream id; its client says streaming is off.
            source.close("streaming is off");
            return new Started(startedValue, Flags.EXCEPTION | Flags.ITEMSTREAMRESULT, Map.of());
        }
        String id = UUID.randomUUID().toString();
        synchronized (lock) {
            if (closed || streams.size() >= config.maxItemStreams()) {
                source.close("refused");
                String why = closed ? "the daemon is shutting down"
                        : "too many open item streams (" + config.maxItemStreams() + ", DaemonConfig.maxItemStreams):"
                        + " close the streams you no longer need (close() on the iterator/generator) or raise the"
                        + " limit";
                return new Started(ExceptionCodec.encode(new PyroException(why)), Flags.EXCEPTION, Map.of());
            }
            streams.put(id, new Entry(id, source, connectionId));
            startSweeperIfNeeded();
        }
        log.debug("item stream {} started for connection {}", id, connectionId);
        return new Started(startedValue, Flags.EXCEPTION | Flags.ITEMSTREAMRESULT,
                Map.of(Wire.STREAM_ANNOTATION, id.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The next item of stream {@code id}, pulled by a call on connection {@code connectionId} (which takes the
     * stream over if its own connection has gone). The end of the stream is Python's {@code StopIteration}; an
     * exception of the iterator is thrown as it is; both end the stream.
     */
    Object next(String id, long connectionId) throws Throwable {
        Entry e = streams.get(id);
        if (e == null) {
            throw new PyroException("item stream terminated");
        }
        e.attach(connectionId);
        try {
            synchronized (e) {
                if (e.ended) {
                    throw new PyroException("item stream terminated");
                }
                if (!e.source.items.hasNext()) {
                    end(e, "it ran out");
                    throw new PyroRemoteException(Wire.STOP_ITERATION_CLASS, null);
                }
                return e.source.items.next();
            }
        } catch (Throwable t) {
            end(e, "it ended");
            throw t;
        }
    }

    /** Whether {@code t} is the end of a stream that {@link #next} signals (Python's StopIteration). */
    static boolean isEnd(Throwable t) {
        return t instanceof PyroRemoteException r && Wire.STOP_ITERATION_CLASS.equals(r.remoteClassName());
    }

    /** Closes stream {@code id} (the client abandoned it); an unknown id is ignored, as in Pyro5. */
    void close(String id) {
        Entry e = streams.get(id);
        if (e != null) {
            end(e, "its client closed it");
        }
    }

    /** The connection closed: its streams linger for {@link DaemonConfig#itemStreamLinger()}, or close now. */
    void connectionClosed(long connectionId) {
        if (streams.isEmpty()) {
            return;
        }
        boolean linger = !config.itemStreamLinger().isZero();
        for (Entry e : streams.values()) {
            if (e.connectionId == connectionId) {
                if (linger) {
                    e.detach();
                } else {
                    end(e, "its connection closed");
                }
            }
        }
    }

    /** How many streams are open. */
    int size() {
        return streams.size();
    }

    /** Closes every stream and stops the sweeper; streams started later are refused. */
    void closeAll() {
        ScheduledExecutorService s;
        synchronized (lock) {
            closed = true;
            s = sweeper;
            sweeper = null;
        }
        if (s != null) {
            s.shutdownNow();
        }
        for (Entry e : streams.values()) {
            end(e, "the daemon closed");
        }
    }

    /** Closes the streams past their lifetime or linger time. */
    void sweep() {
        long now = System.nanoTime();
        long lifetime = config.itemStreamLifetime().toNanos();
        long linger = config.itemStreamLinger().toNanos();
        for (Entry e : streams.values()) {
            if (lifetime > 0 && now - e.createdNanos > lifetime) {
                end(e, "it is older than DaemonConfig.itemStreamLifetime " + config.itemStreamLifetime());
            } else if (linger > 0 && e.connectionId < 0 && now - e.detachedNanos > linger) {
                end(e, "its connection closed longer than DaemonConfig.itemStreamLinger "
                        + config.itemStreamLinger() + " ago");
            }
        }
    }

    private void startSweeperIfNeeded() {
        if (sweeper != null) {
            return;
        }
        long lifetime = config.itemStreamLifetime().toNanos();
        long linger = config.itemStreamLinger().toNanos();
        long shortest = lifetime <= 0 ? linger : linger <= 0 ? lifetime : Math.min(lifetime, linger);
        if (shortest <= 0) {
            return;
        }
        // a quarter of the shortest setting, between 10 ms and 1 s: expiry is late by at most that much
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), shortest / 4));
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1,
                NettyTransport.daemonThreads("pyro-item-streams"));
        s.setRemoveOnCancelPolicy(true);
        s.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.NANOSECONDS);
        sweeper = s;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("closing expired item streams failed: {}", e.toString());
        }
    }

    private void end(Entry e, String why) {
        if (streams.remove(e.id, e)) {
            e.ended = true;
            log.debug("item stream {} closed: {}", e.id, why);
            e.source.close(why);
        }
    }

    /** One open stream. */
    private static final class Entry {
        final String id;
        final Source source;
        final long createdNanos = System.nanoTime();
        /** The connection the stream belongs to; -1 while it lingers after that connection closed. */
        volatile long connectionId;
        volatile long detachedNanos;
        /** Set once the stream is removed, so that a puller waiting for the lock stops. */
        volatile boolean ended;

        Entry(String id, Source source, long connectionId) {
            this.id = id;
            this.source = source;
            this.connectionId = connectionId;
        }

        void detach() {
            detachedNanos = System.nanoTime();
            connectionId = -1;
        }

        void attach(long connection) {
            if (connectionId < 0) {
                connectionId = connection;
            }
        }
    }
}
