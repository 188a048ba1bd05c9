package dev.pyro.client;

import dev.pyro.BatchResults;
import dev.pyro.PyroBatch;
import dev.pyro.PyroProxy;
import dev.pyro.errors.ProtocolException;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.internal.TypeRules;
import dev.pyro.internal.ValueMapper;
import dev.pyro.protocol.Wire;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link PyroBatch} implementation: records calls (by name, or through JDK proxies of an interface), sends them
 * as one Pyro5 {@code <batch>} call through the proxy's core, and decodes each result to its recorded type only when
 * asked for, so one result that does not convert spoils no other.
 */
final class Batch implements PyroBatch {

    /** One recorded call: what is sent, and how its result and its exception are decoded. */
    private record Recorded(String method, List<Object> args, Map<String, Object> kwargs, Type resultType,
                            ExceptionCodec.Allowed allowed) {
    }

    private static final Map<Class<?>, Object> PRIMITIVE_DEFAULTS = Map.of(int.class, 0, long.class, 0L,
            double.class, 0d, float.class, 0f, boolean.class, false, short.class, (short) 0, byte.class, (byte) 0,
            char.class, '\0');

    private final ProxyCore core;
    private final List<Recorded> calls = new ArrayList<>();
    private boolean ran;

    Batch(ProxyCore core) {
        this.core = core;
    }

    @Override
    public int call(String method, Object... args) {
        return record(method, args == null ? List.of() : Arrays.asList(args), Map.of(), Object.class,
                GenericProxy.allowedFor(core));
    }

    @Override
    public int callWithKeywords(String method, List<?> args, Map<String, ?> kwargs) {
        return record(method, args == null ? List.of() : args, kwargs == null ? Map.of() : kwargs, Object.class,
                GenericProxy.allowedFor(core));
    }

    @Override
    public <T> T as(Class<T> iface) {
        Objects.requireNonNull(iface, "iface");
        if (iface == PyroProxy.class) {
            throw new IllegalArgumentException("record calls by name with batch.call(method, args...), not through"
                    + " a PyroProxy");
        }
        TypedProxyHandler.checkInterface(iface);
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[]{iface},
                new Recorder(iface)));
    }

    @Override
    public synchronized int size() {
        return calls.size();
    }

    @Override
    public BatchResults run() {
        List<Recorded> sent = takeForRun();
        Object reply;
        try {
            reply = core.invokeBatch(wireCalls(sent), false, GenericProxy.allowedFor(core));
        } catch (Throwable t) {
            throw GenericProxy.unchecked(t);
        }
        return new Results(sent, reply, core.mapper());
    }

    @Override
    public void runOneway() {
        List<Recorded> sent = takeForRun();
        try {
            core.invokeBatch(wireCalls(sent), true, GenericProxy.allowedFor(core));
        } catch (Throwable t) {
            throw GenericProxy.unchecked(t);
        }
    }

    private synchronized int record(String method, List<?> args, Map<String, ?> kwargs, Type resultType,
                                    ExceptionCodec.Allowed allowed) {
        Objects.requireNonNull(method, "method");
        checkNotRun("record another call");
        // Copies: the arguments are converted when the batch runs (as Pyro5 does), but the lists are not the
        // caller's to change in between.
        calls.add(new Recorded(method, new ArrayList<>(args), new LinkedHashMap<>(kwargs), resultType, allowed));
        return calls.size() - 1;
    }

    /** Marks the batch as run (whatever comes of it: a batch is never sent twice) and returns its calls. */
    private synchronized List<Recorded> takeForRun() {
        checkNotRun("run it again");
        ran = true;
        return List.copyOf(calls);
    }

    private void checkNotRun(String what) {
        if (ran) {
            throw new IllegalStateException("this batch has run already, so you cannot " + what + "; make a new"
                    + " batch for the next calls (Pyro.batch(proxy))");
        }
    }

    /** Pyro5's batch items: {@code (method, args, kwargs)}, kwargs always a dict (Python unpacks them with **). */
    private static List<List<Object>> wireCalls(List<Recorded> recorded) {
        List<List<Object>> items = new ArrayList<>(recorded.size());
        for (Recorded r : recorded) {
            items.add(Arrays.asList(r.method(), r.args(), r.kwargs()));
        }
        return items;
    }

    @Override
    public synchronized String toString() {
        return "batch of " + calls.size() + " call(s) for " + core.uri() + (ran ? " (ran)" : "");
    }

    /** Records the methods called on a typed recorder; {@code Object}'s methods run locally. */
    private final class Recorder implements InvocationHandler {
        private final Class<?> iface;

        Recorder(Class<?> iface) {
            this.iface = iface;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "recorder (" + iface.getName() + ") of the " + Batch.this;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            String where = iface.getSimpleName() + "." + method.getName() + "()";
            if (method.isDefault()) {
                throw new UnsupportedOperationException("default method " + where + " runs locally, not on the"
                        + " remote object, so a batch cannot hold it; record the remote calls it makes instead");
            }
            if (TypeRules.propertyName(method) != null && !core.metadata().methods().contains(method.getName())) {
                throw new UnsupportedOperationException(where + " is a remote attribute, not a method, of "
                        + core.uri() + ", so a batch cannot hold it (batches hold method calls only, as Pyro5's"
                        + " BatchProxy); read or write it with a normal call before or after the batch");
            }
            record(method.getName(), args == null ? List.of() : Arrays.asList(args), Map.of(),
                    method.getGenericReturnType(), TypedProxyHandler.allowedFor(method, core));
            return PRIMITIVE_DEFAULTS.get(method.getReturnType());
        }
    }

    /** The received results; every value stays plain until asked for. */
    private static final class Results implements BatchResults {
        private final List<Recorded> calls;
        private final List<?> values;
        private final ValueMapper mapper;
        private final int succeeded;
        private final boolean failed;
        private final Object failure;

        Results(List<Recorded> calls, Object reply, ValueMapper mapper) {
            if (!(reply instanceof List<?> list)) {
                throw new ProtocolException("invalid batch reply: expected a list of results, got "
                        + (reply == null ? "None/null" : reply.getClass().getSimpleName()));
            }
            int failedAt = -1;
            for (int i = 0; i < list.size() && failedAt < 0; i++) {
                if (list.get(i) instanceof Map<?, ?> m && Wire.EXCEPTION_WRAPPER_CLASS.equals(m.get("__class__"))) {
                    failedAt = i;
                }
            }
            // Anything after a failed call is ignored (a Pyro5 daemon sends nothing); otherwise one result per call.
            if (failedAt >= calls.size() || failedAt < 0 && list.size() != calls.size()) {
                throw new ProtocolException("invalid batch reply: " + list.size() + " result(s) for "
                        + calls.size() + " call(s)");
            }
            this.calls = calls;
            this.values = list;
            this.mapper = mapper;
            this.failed = failedAt >= 0;
            this.succeeded = failed ? failedAt : calls.size();
            this.failure = failed ? ((Map<?, ?>) list.get(failedAt)).get("exception") : null;
        }

        @Override
        public int size() {
            return calls.size();
        }

        @Override
        public int succeeded() {
            return succeeded;
        }

        @Override
        public Object get(int index) {
            return convert(index, calls.get(checkIndex(index)).resultType());
        }

        @Override
        public <T> T get(int index, Class<T> type) {
            Objects.requireNonNull(type, "type");
            Object value = convert(index, type);
            if (type.isPrimitive()) {
                @SuppressWarnings("unchecked")
                T boxed = (T) value;
                return boxed;
            }
            return type.cast(value);
        }

        @Override
        public Optional<RuntimeException> failure() {
            return failed ? Optional.of(exception()) : Optional.empty();
        }

        @Override
        public Iterator<Object> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < succeeded || next == succeeded && failed;
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("no more batch results");
                    }
                    return get(next++);
                }
            };
        }

        private int checkIndex(int index) {
            return Objects.checkIndex(index, calls.size());
        }

        private Object convert(int index, Type type) {
            checkIndex(index);
            if (index < succeeded) {
                return StreamResults.value(mapper, values.get(index), type);
            }
            RuntimeException failed = exception();
            if (index == succeeded) {
                throw failed;
            }
            Recorded call = calls.get(index);
            throw new NoSuchElementException("no result for call " + index + " (" + call.method() + "): call "
                    + succeeded + " (" + calls.get(succeeded).method() + ") raised " + failed
                    + " before it, so the daemon did not make it", failed);
        }

        /** The failed call's exception, re-created anew (its local frames are those of the caller asking). */
        private RuntimeException exception() {
            return GenericProxy.unchecked(ExceptionCodec.decode(failure, calls.get(succeeded).allowed()));
        }

        @Override
        public String toString() {
            return "batch results: " + succeeded + " of " + calls.size() + " call(s) succeeded"
                    + (failed ? ", call " + succeeded + " raised" : "");
        }
    }
}
