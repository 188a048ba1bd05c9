package dev.pyro.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a proxy for a remote object: on fields, setter methods, constructor parameters and {@code @Bean} method
 * parameters.
 *
 * <pre>{@code
 * @PyroReference("shop.warehouse")                         // a name in the name server
 * Warehouse warehouse;
 *
 * OrderService(@PyroReference("PYRO:stock@host:9999") Stock stock) { ... }   // any URI
 * }</pre>
 * The declared type picks the typed proxy; {@link dev.pyro.PyroProxy} gets a generic one. {@code ${...}}
 * placeholders are resolved. References are lazy: making one opens no socket, so the application starts even
 * when the name server or the target is down; {@code pyro.client.check} decides what happens once the application
 * is ready. If the context holds a bean of the declared type that is not itself an exported {@link PyroObject}
 * (a {@code @MockitoBean} in a test), that bean is injected instead.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PyroReference {

    /** A name in the name server ({@code shop.warehouse}) or any Pyro URI ({@code PYRO:}, {@code PYRONAME:} ...). */
    String value();

    /**
     * Name of the settings block {@code pyro.client.references.<config>} for this reference (default: the value;
     * dotted names need brackets in properties: {@code pyro.client.references[shop.warehouse].call-timeout}).
     */
    String config() default "";
}
