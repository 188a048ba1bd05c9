package dev.pyro.client;

import dev.pyro.RemoteIterator;
import dev.pyro.errors.ProtocolException;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.internal.ValueMapper;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.Wire;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns a "stream started" reply (flag ITEMSTREAMRESULT, stream id in annotation STRM) into what the caller
 * declared: a {@link RemoteIterator} for {@code Iterator}, {@code RemoteIterator}, {@code Object}; a lazy
 * {@link Stream} closing the remote stream on {@code close()}; a one-shot {@link Iterable}; for anything else (a
 * {@code List<T>} ...) every item collected and converted to that type.
 */
final class StreamResults {

    private StreamResults() {
    }

    static Object of(ProxyCore core, ValueMapper mapper, Message reply, Type declared, ExceptionCodec.Allowed allowed) {
        byte[] id = reply.annotations().get(Wire.STREAM_ANNOTATION);
        if (id == null || id.length == 0) {
            throw new ProtocolException(Wire.STREAM_STARTED_MESSAGE + ", but the server is not configured to allow"
                    + " streaming (Pyro5's ITER_STREAMING, DaemonConfig.itemStreaming)");
        }
        String streamId = new String(id, StandardCharsets.US_ASCII);
        Class<?> raw = ValueMapper.rawClass(declared);
        boolean lazy = raw == Object.class || raw == Iterator.class || raw == RemoteIterator.class
                || raw == Stream.class || raw == Iterable.class;
        Type itemType = lazy ? itemType(declared) : Object.class;
        StreamPuller<Object> items = new StreamPuller<>(core, streamId, itemType, allowed);
        if (raw == Stream.class) {
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false)
                    .onClose(items::close);
        }
        if (raw == Iterable.class) {
            AtomicBoolean taken = new AtomicBoolean();
            return (Iterable<Object>) () -> {
                if (taken.getAndSet(true)) {
                    throw new IllegalStateException("a remote item stream can be iterated only once");
                }
                return items;
            };
        }
        if (lazy) {
            return items;
        }
        List<Object> all = new ArrayList<>();
        try (items) {
            items.forEachRemaining(all::add);
        }
        return mapper.toJava(all, declared);
    }

    /**
     * A plain result as the declared type; a list where a stream type was declared (a Python method returning a list,
     * a batch) becomes that type over the converted items, so declaring {@code Stream<T>} works for both.
     */
    static Object value(ValueMapper mapper, Object plain, Type declared) {
        Class<?> raw = ValueMapper.rawClass(declared);
        boolean streamType = raw == Iterator.class || raw == RemoteIterator.class || raw == Stream.class
                || raw == Iterable.class;
        if (!streamType || !(plain instanceof List<?>)) {
            return mapper.toJava(plain, declared);
        }
        Type itemType = itemType(declared);
        List<Object> items = new ArrayList<>();
        for (Object o : (List<?>) plain) {
            items.add(mapper.toJava(o, itemType));
        }
        if (raw == Stream.class) {
            return items.stream();
        }
        if (raw == Iterable.class) {
            return items;
        }
        Iterator<Object> it = items.iterator();
        return new RemoteIterator<Object>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object next() {
                return it.next();
            }

            @Override
            public void close() {
                // the items are all here: nothing remote to close
            }
        };
    }

    private static Type itemType(Type declared) {
        if (declared instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            Type arg = p.getActualTypeArguments()[0];
            return arg instanceof Class<?> || arg instanceof ParameterizedType ? arg : Object.class;
        }
        return Object.class;
    }
}
