package dev.pyro.client;

import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.protocol.Wire;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@link PyroProxy} implementation: calls by name, results as plain values. */
final class GenericProxy implements PyroProxy {

    private final ProxyCore core;
    private final ExceptionCodec.Allowed allowed;

    GenericProxy(ProxyCore core) {
        this.core = core;
        this.allowed = allowedFor(core);
    }

    /** What calls by name may re-create: the JDK's, Pyro's and the configured packages' exceptions. */
    static ExceptionCodec.Allowed allowedFor(ProxyCore core) {
        return new ExceptionCodec.Allowed(List.of(), core.config().allowedExceptionPackages(),
                GenericProxy.class.getClassLoader());
    }

    /**
     * A remote exception as thrown where no checked exception is declared: unchecked ones as they are, a checked
     * one wrapped in a {@link dev.pyro.errors.PyroRemoteException} (its cause keeps the remote traceback).
     */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new dev.pyro.errors.PyroRemoteException(t.getClass().getName(), t.getMessage(), t);
    }

    ProxyCore core() {
        return core;
    }

    @Override
    public Object call(String method, Object... args) {
        return invoke(method, args == null ? List.of() : Arrays.asList(args), Map.of(), false, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(Class<T> resultType, String method, Object... args) {
        return (T) invoke(method, args == null ? List.of() : Arrays.asList(args), Map.of(), false, resultType);
    }

    @Override
    public Object callWithKeywords(String method, List<?> args, Map<String, ?> kwargs) {
        return invoke(method, args == null ? List.of() : args, kwargs == null ? Map.of() : kwargs, false, Object.class);
    }

    @Override
    public void callOneway(String method, Object... args) {
        invoke(method, args == null ? List.of() : Arrays.asList(args), Map.of(), true, void.class);
    }

    @Override
    public Object getAttribute(String name) {
        return invoke(Wire.GET_ATTRIBUTE, List.of(name), null, false, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(Class<T> type, String name) {
        return (T) invoke(Wire.GET_ATTRIBUTE, List.of(name), null, false, type);
    }

    @Override
    public void setAttribute(String name, Object value) {
        invoke(Wire.SET_ATTRIBUTE, Arrays.asList(name, value), null, false, void.class);
    }

    @Override
    public PyroURI uri() {
        return core.uri();
    }

    @Override
    public Set<String> methods() {
        return core.metadata().methods();
    }

    @Override
    public Set<String> attributes() {
        return core.metadata().attrs();
    }

    @Override
    public void close() {
        core.close();
    }

    private Object invoke(String method, List<?> args, Map<String, ?> kwargs, boolean oneway, Type resultType) {
        try {
            return core.invoke(method, args, kwargs, oneway, resultType, allowed);
        } catch (Throwable t) {
            // A checked exception from the remote side: the generic proxy declares none.
            throw unchecked(t);
        }
    }

    @Override
    public String toString() {
        return core.toString();
    }
}
