package dev.pyro.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits an interceptor bean ({@link dev.pyro.intercept.ServerInterceptor} or
 * {@link dev.pyro.intercept.ClientInterceptor}) to calls of some objects; without it an interceptor bean applies to
 * every call. On the interceptor's class or its {@code @Bean} method.
 *
 * <pre>{@code
 * @Bean
 * @PyroInterceptorFor("shop.warehouse")
 * ServerInterceptor auditWarehouse(AuditLog log) { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PyroInterceptorFor {

    /**
     * Object ids the interceptor applies to ({@code @PyroObject}'s object id, by default its name; on the client the
     * object id of the daemon's object a reference resolved to). A trailing {@code *} matches a prefix
     * ({@code "shop.*"}).
     */
    String[] value();
}
