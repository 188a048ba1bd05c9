package dev.pyro.client;

import dev.pyro.RemoteIterator;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.protocol.Wire;

import java.lang.reflect.Type;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Pulls the items of a remote item stream through its proxy: one {@code Pyro.Daemon.get_next_stream_item} call
 * per item, the end signalled by Python's {@code StopIteration}; {@link #close()} sends the oneway
 * {@code close_stream}. Thread-safe; one item is fetched ahead at most (by {@link #hasNext()}).
 */
final class StreamPuller<T> implements RemoteIterator<T> {

    private final ProxyCore core;
    private final String streamId;
    private final Type itemType;
    private final ExceptionCodec.Allowed allowed;
    private boolean ended;
    private boolean fetched;
    private Object item;

    StreamPuller(ProxyCore core, String streamId, Type itemType, ExceptionCodec.Allowed allowed) {
        this.core = core;
        this.streamId = streamId;
        this.itemType = itemType;
        this.allowed = allowed;
    }

    @Override
    public synchronized boolean hasNext() {
        if (fetched) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            item = core.invokeOnDaemon(Wire.NEXT_STREAM_ITEM, List.of(streamId), false, itemType, allowed);
            fetched = true;
            return true;
        } catch (PyroRemoteException e) {
            ended = true;
            if (Wire.STOP_ITERATION_CLASS.equals(e.remoteClassName())) {
                return false;
            }
            throw e;
        } catch (RuntimeException | Error e) {
            // the remote iterator failed, or the stream was lost: the daemon has forgotten it either way
            ended = true;
            throw e;
        } catch (Throwable t) {
            ended = true;
            throw new dev.pyro.errors.PyroException("fetching the next item of stream " + streamId + " failed: " + t, t);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the remote item stream has ended");
        }
        fetched = false;
        Object out = item;
        item = null;
        return (T) out;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            fetched = false;
            item = null;
        }
        try {
            core.invokeOnDaemon(Wire.CLOSE_STREAM, List.of(streamId), true, void.class, allowed);
        } catch (Throwable ignored) {
            // the connection is gone: the daemon closes the stream after its linger time by itself
        }
    }

    @Override
    public String toString() {
        return "remote item stream " + streamId + " of " + core;
    }
}
