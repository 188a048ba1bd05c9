package dev.pyro.spring;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exports a bean as a Pyro object: the application's daemon serves it, and once the application is ready it is
 * registered in the name server (with a lease kept alive while the application runs).
 *
 * <pre>{@code
 * @PyroObject("shop.warehouse")
 * class InMemoryWarehouse implements Warehouse { ... }
 * }</pre>
 * On a class it is also a {@link Component}; on a {@code @Bean} method it exports the bean the method makes.
 * Spring's proxies ({@code @Transactional}, {@code @Async}, aspects) stay in the call path: the daemon calls the
 * proxy, exposing the methods of the user's class.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface PyroObject {

    /** The name in the name server (default: the bean name); also the object id unless {@link #objectId()} is set. */
    @AliasFor("name")
    String value() default "";

    /** Same as {@link #value()}. */
    @AliasFor("value")
    String name() default "";

    /** The object id in {@code PYRO:} URIs (default: the name). */
    String objectId() default "";

    /** Whether to register the name in the name server (default true; {@code pyro.nameserver.register} applies too). */
    boolean register() default true;

    /** The type whose public methods are exposed (default: the bean's interfaces, else its own public methods). */
    Class<?> exposedAs() default void.class;

    /** Metadata tags registered with the name (for {@code PYROMETA:} lookups). */
    String[] metadata() default {};

    /**
     * How many instances serve calls (Pyro5's instance modes): one shared bean ({@code SINGLE}, the default), one
     * per client connection ({@code SESSION}) or a fresh one per call ({@code PER_CALL}); the latter two make the
     * bean prototype-scoped.
     */
    Mode mode() default Mode.SINGLE;

    /** Pyro5's instance modes. */
    enum Mode {
        /** One instance for every call (a singleton bean). */
        SINGLE,
        /** One instance per client connection. */
        SESSION,
        /** A new instance for every call. */
        PER_CALL
    }
}
