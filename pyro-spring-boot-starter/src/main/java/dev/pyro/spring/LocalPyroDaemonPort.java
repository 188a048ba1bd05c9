package dev.pyro.spring;

import org.springframework.beans.factory.annotation.Value;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the port the application's daemon actually listens on ({@code local.pyro.daemon.port}), for tests
 * that run with {@code pyro.daemon.port=0}. Like Boot's {@code @LocalServerPort}: available once the daemon has
 * started (in test classes, not in beans created before it).
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${local.pyro.daemon.port}")
public @interface LocalPyroDaemonPort {
}
