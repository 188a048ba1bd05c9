package dev.pyro.client;

import dev.pyro.Oneway;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.protocol.Wire;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invocation handler behind typed proxies ({@code Pyro.proxy(uri, Iface.class)}). Each interface method is
 * examined once: a bean getter or setter becomes Pyro attribute access (unless the remote object lists it as a
 * method: then it is called as one), a {@link Oneway} method a oneway call, anything else a normal call; {@code Object}'s methods and default methods run locally.
 */
final class TypedProxyHandler implements InvocationHandler {

    private enum Kind { CALL, GET, SET }

    private record MethodPlan(Kind kind, String remoteName, boolean oneway, Type resultType,
                              ExceptionCodec.Allowed allowed) {
    }

    private final ProxyCore core;
    // Per proxy, not global: a plan depends on this proxy's configuration (allowed exception packages).
    private final Map<Method, MethodPlan> plans = new ConcurrentHashMap<>();
    private final Class<?> iface;

    private TypedProxyHandler(ProxyCore core, Class<?> iface) {
        this.core = core;
        this.iface = iface;
    }

    static void checkInterface(Class<?> iface) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException("a typed Pyro proxy needs an interface, got class " + iface.getName()
                    + "; use a generic proxy (PyroProxy) for objects without one");
        }
    }

    static Object create(ProxyCore core, Class<?> iface) {
        checkInterface(iface);
        return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[]{iface}, new TypedProxyHandler(core, iface));
    }

    ProxyCore core() {
        return core;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> core + " (" + iface.getName() + ")";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        MethodPlan plan = plans.computeIfAbsent(method, m -> plan(m, core));
        List<Object> argList = args == null ? List.of() : Arrays.asList(args);
        Object result;
        Kind kind = plan.kind();
        if (kind != Kind.CALL && core.metadata().methods().contains(method.getName())) {
            // The remote object offers the getter or setter as a method (a Python getContents(), or a Java
            // daemon listing its getters): call it by its own name, as the oneway flag follows the metadata too.
            kind = Kind.CALL;
        }
        switch (kind) {
            case GET -> result = core.invoke(Wire.GET_ATTRIBUTE, List.of(plan.remoteName()), null, false,
                    plan.resultType(), plan.allowed());
            case SET -> {
                List<Object> setArgs = new ArrayList<>(2);
                setArgs.add(plan.remoteName());
                setArgs.add(args[0]);
                result = core.invoke(Wire.SET_ATTRIBUTE, setArgs, null, false, void.class, plan.allowed());
            }
            default -> result = core.invoke(method.getName(), argList, Map.of(), plan.oneway(), plan.resultType(),
                    plan.allowed());
        }
        return result;
    }

    /**
     * What a call of {@code m} may re-create: its declared exceptions and its interface's package, besides the
     * JDK's, Pyro's and the configured packages' exceptions.
     */
    static ExceptionCodec.Allowed allowedFor(Method m, ProxyCore core) {
        List<Class<?>> declared = List.of(m.getExceptionTypes());
        List<String> prefixes = new ArrayList<>(core.config().allowedExceptionPackages());
        String pkg = m.getDeclaringClass().getPackageName();
        if (!pkg.isEmpty()) {
            prefixes.add(pkg);
        }
        return new ExceptionCodec.Allowed(declared, prefixes, m.getDeclaringClass().getClassLoader());
    }

    private static MethodPlan plan(Method m, ProxyCore core) {
        ExceptionCodec.Allowed allowed = allowedFor(m, core);
        String property = dev.pyro.internal.TypeRules.propertyName(m);
        if (property != null) {
            return new MethodPlan(m.getParameterCount() == 0 ? Kind.GET : Kind.SET, property, false,
                    m.getGenericReturnType(), allowed);
        }
        return new MethodPlan(Kind.CALL, m.getName(), m.isAnnotationPresent(Oneway.class), m.getGenericReturnType(),
                allowed);
    }

}
