package dev.pyro.spring.autoconfigure;

import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.spring.PyroInterceptorFor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interceptor beans of a context, in {@code @Order}, each limited to the objects its {@link PyroInterceptorFor}
 * names (if it has one).
 */
final class PyroInterceptors {

    private PyroInterceptors() {
    }

    static List<ServerInterceptor> server(ObjectProvider<ServerInterceptor> beans,
                                          ConfigurableListableBeanFactory beanFactory) {
        Map<Object, String[]> scopes = scopes(beanFactory, ServerInterceptor.class);
        return beans.orderedStream().map(i -> {
            String[] only = scopes.get(i);
            return only == null ? i : (ServerInterceptor) (call, next) ->
                    matches(only, call.objectId()) ? i.intercept(call, next) : next.proceed();
        }).toList();
    }

    static List<ClientInterceptor> client(ObjectProvider<ClientInterceptor> beans,
                                          ConfigurableListableBeanFactory beanFactory) {
        Map<Object, String[]> scopes = scopes(beanFactory, ClientInterceptor.class);
        return beans.orderedStream().map(i -> {
            String[] only = scopes.get(i);
            return only == null ? i : (ClientInterceptor) (call, next) ->
                    matches(only, call.objectId()) ? i.intercept(call, next) : next.proceed();
        }).toList();
    }

    private static Map<Object, String[]> scopes(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
        Map<Object, String[]> scopes = new IdentityHashMap<>();
        for (String name : beanFactory.getBeanNamesForType(type, false, true)) {
            PyroInterceptorFor only = beanFactory.findAnnotationOnBean(name, PyroInterceptorFor.class);
            if (only != null) {
                scopes.put(beanFactory.getBean(name), only.value());
            }
        }
        return scopes;
    }

    static boolean matches(String[] patterns, String objectId) {
        for (String p : patterns) {
            if (p.endsWith("*") ? objectId.startsWith(p.substring(0, p.length() - 1)) : p.equals(objectId)) {
                return true;
            }
        }
        return false;
    }
}
