package dev.pyro;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an exposed {@code void} method as oneway: a proxy sends the call and returns at once, the daemon runs it
 * without sending any reply, not even an error (Pyro5's {@code @oneway}). Put it on the method of the exposed
 * interface (or class).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Oneway {
}
