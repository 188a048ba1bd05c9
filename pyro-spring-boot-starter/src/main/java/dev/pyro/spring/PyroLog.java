package dev.pyro.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pyro's two logs, as SLF4J loggers. The <em>system log</em> is everything Pyro itself writes, under the logger
 * {@value #SYSTEM}; the <em>user log</em> is for the application's own messages, under {@value #USER}, and is
 * configured independently of it ({@code pyro.log.user.level}, {@code pyro.log.user.file}).
 *
 * <pre>{@code
 * private static final Logger log = PyroLog.user(Warehouse.class);   // "pyro.user.com.example.Warehouse"
 * log.info("stored {} {}", count, item);
 * }</pre>
 */
public final class PyroLog {

    /** Name of the logger (and parent of every logger) of Pyro's own system log. */
    public static final String SYSTEM = "dev.pyro";

    /** Name of the user log's logger, the parent of {@link #user(Class)} and {@link #user(String)} loggers. */
    public static final String USER = "pyro.user";

    private PyroLog() {
    }

    /** The user log: the logger named {@value #USER}. */
    public static Logger user() {
        return LoggerFactory.getLogger(USER);
    }

    /**
     * A logger of the user log for a class: {@code pyro.user.<fully qualified class name>}, so messages show where they
     * come from and still follow the user log's level and file.
     */
    public static Logger user(Class<?> type) {
        return user(type.getName());
    }

    /** A logger of the user log with a name of its own: {@code pyro.user.<name>}. */
    public static Logger user(String name) {
        if (name == null || name.isBlank()) {
            return user();
        }
        return LoggerFactory.getLogger(USER + "." + name);
    }
}
