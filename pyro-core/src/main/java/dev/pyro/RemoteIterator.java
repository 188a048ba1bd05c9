package dev.pyro;

import java.util.Iterator;

/**
 * The items of a remote method's result that streams (Pyro5's item streaming: the remote method returned an
 * iterator or generator), fetched one remote call per item as they are asked for. {@link #close()} abandons the
 * stream: the remote side closes its iterator (needed for endless streams; a stream read to its end is closed
 * already).
 *
 * <p>A typed proxy method declared {@code Iterator<T>}, {@code RemoteIterator<T>} or {@code Iterable<T>} returns one
 * (its items converted to {@code T}); one declared {@code Stream<T>} returns a {@code Stream} whose
 * {@code close()} closes it; {@code PyroProxy.call(...)} returns one when the result streams.
 *
 * <pre>{@code
 * try (RemoteIterator<Object> ticks = (RemoteIterator<Object>) proxy.call("ticks")) {
 *     for (int i = 0; i < 3 && ticks.hasNext(); i++) {
 *         System.out.println(ticks.next());
 *     }
 * }
 * }</pre>
 *
 * @param <T> the item type
 */
public interface RemoteIterator<T> extends Iterator<T>, AutoCloseable {

    /** Abandons the stream (the remote side closes it); does nothing if it has ended. Never throws. */
    @Override
    void close();
}
