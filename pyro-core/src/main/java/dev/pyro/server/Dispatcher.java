package dev.pyro.server;

import dev.pyro.errors.SerializeException;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.errors.WrongArgumentsException;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Call;
import dev.pyro.internal.ValueMapper;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one call on a registered object: finds the exposed method (or attribute), binds positional and
 * keyword arguments by parameter name, converts each to its declared type, invokes, and returns the plain
 * result (or an {@link ItemStreams.Source} when it streams). Exceptions from the user's method come out as they
 * were thrown.
 */
final class Dispatcher {

    private final ValueMapper mapper;

    Dispatcher(ValueMapper mapper) {
        this.mapper = mapper;
    }

    /** Invokes the call on {@code target}; returns the plain result. */
    Object dispatch(String objectId, Object target, ExposedType type, Call call) throws Throwable {
        String method = call.method();
        if (Wire.GET_ATTRIBUTE.equals(method)) {
            return getAttribute(objectId, target, type, call.args());
        }
        if (Wire.SET_ATTRIBUTE.equals(method)) {
            setAttribute(objectId, target, type, call.args());
            return null;
        }
        ExposedType.ExposedMethod m = select(objectId, type, method, call.args(), call.kwargs());
        Object[] javaArgs = bind(m, call.args(), call.kwargs());
        return plainOrStream(invoke(m, target, javaArgs));
    }

    private Object getAttribute(String objectId, Object target, ExposedType type, List<Object> args) throws Throwable {
        String name = attributeName(objectId, args, 1);
        ExposedType.Property p = type.attribute(name);
        if (p == null || p.getter() == null) {
            throw new UnknownMemberException("object '" + objectId + "' has no exposed attribute '" + name
                    + "'; exposed attributes: " + type.attributeNames());
        }
        return plainOrStream(invoke(p.getter(), target, new Object[0]));
    }

    /** The plain result, or the {@link ItemStreams.Source} the daemon streams when the result is an iterator. */
    private Object plainOrStream(Object result) {
        ItemStreams.Source stream = ItemStreams.source(result, mapper);
        return stream != null ? stream : mapper.toPlain(result);
    }

    private void setAttribute(String objectId, Object target, ExposedType type, List<Object> args) throws Throwable {
        String name = attributeName(objectId, args, 2);
        ExposedType.Property p = type.attribute(name);
        if (p == null || p.setter() == null) {
            throw new UnknownMemberException("attempt to access unexposed or unknown remote attribute '" + name
                    + "' of object '" + objectId + "'" + (p != null ? " (it is read-only)" : "")
                    + "; exposed attributes: " + type.attributeNames());
        }
        invoke(p.setter(), target, bind(p.setter(), args.subList(1, 2), null));
    }

    private static String attributeName(String objectId, List<Object> args, int expected) {
        if (args.size() != expected || !(args.get(0) instanceof String name)) {
            throw new WrongArgumentsException("attribute access on '" + objectId + "' needs " + expected
                    + " argument(s), the first the attribute name");
        }
        return name;
    }

    private static ExposedType.ExposedMethod select(String objectId, ExposedType type, String method,
                                                    List<Object> args, Map<String, Object> kwargs) {
        List<ExposedType.ExposedMethod> candidates = type.methods(method);
        if (candidates.isEmpty()) {
            throw new UnknownMemberException("object '" + objectId + "' (" + type.implementation().getSimpleName()
                    + ") has no exposed method '" + method + "'; exposed methods: " + type.methodNames()
                    + (type.attributeNames().isEmpty() ? "" : ", attributes: " + type.attributeNames()));
        }
        String problem = null;
        for (ExposedType.ExposedMethod m : candidates) {
            String p = mismatch(m, args, kwargs);
            if (p == null) {
                return m;
            }
            problem = problem == null ? p : problem;
        }
        if (candidates.size() > 1) {
            problem = method + "() has no overload for " + args.size() + " positional and "
                    + (kwargs == null ? 0 : kwargs.size()) + " keyword argument(s); overloads: "
                    + candidates.stream().map(ExposedType.ExposedMethod::signature).toList();
        }
        throw new WrongArgumentsException(problem);
    }

    /** Why the arguments do not fit {@code m}, or {@code null} if they do. */
    private static String mismatch(ExposedType.ExposedMethod m, List<Object> args, Map<String, Object> kwargs) {
        int n = m.parameterCount();
        if (args.size() > n) {
            return m.signature() + " takes " + n + " positional argument(s) but " + args.size() + " were given";
        }
        if (kwargs != null) {
            for (String k : kwargs.keySet()) {
                int index = indexOf(m.parameterNames(), k);
                if (index < 0) {
                    return m.signature() + " got an unexpected keyword argument '" + k + "'";
                }
                if (index < args.size()) {
                    return m.signature() + " got multiple values for argument '" + k + "'";
                }
            }
        }
        for (int i = args.size(); i < n; i++) {
            if (!m.optional()[i] && (kwargs == null || !kwargs.containsKey(m.parameterNames()[i]))) {
                return m.signature() + " missing required argument '" + m.parameterNames()[i] + "'";
            }
        }
        return null;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Object[] bind(ExposedType.ExposedMethod m, List<Object> args, Map<String, Object> kwargs) {
        int n = m.parameterCount();
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            boolean given = i < args.size() || kwargs != null && kwargs.containsKey(m.parameterNames()[i]);
            if (!given) {
                out[i] = Optional.empty();
                continue;
            }
            Object plain = i < args.size() ? args.get(i) : kwargs.get(m.parameterNames()[i]);
            try {
                out[i] = mapper.toJava(plain, m.parameterTypes()[i]);
            } catch (SerializeException | IllegalArgumentException e) {
                throw new WrongArgumentsException("argument '" + m.parameterNames()[i] + "' of " + m.signature()
                        + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Object invoke(ExposedType.ExposedMethod m, Object target, Object[] args) throws Throwable {
        try {
            return m.method().invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException e) {
            throw new UnknownMemberException("method " + m.signature() + " is not accessible: " + e.getMessage());
        }
    }
}
