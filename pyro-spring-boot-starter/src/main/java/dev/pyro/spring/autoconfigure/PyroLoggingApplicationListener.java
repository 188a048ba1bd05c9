package dev.pyro.spring.autoconfigure;

import dev.pyro.spring.PyroLog;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pyro's logging in a Spring Boot application: applies {@code pyro.log.*} to logback once Boot has set logging up.
 *
 * <p>Pyro has two logs, each with a trace level and an optional file: the <em>system log</em>, everything Pyro writes
 * (the SLF4J loggers under {@code dev.pyro}), and the <em>user log</em>, the application's own messages (the logger
 * {@code pyro.user} and its children, see {@link PyroLog#user()}).
 *
 * <h2>Trace levels</h2>
 * {@code pyro.log.level} sets the {@code dev.pyro} logger, {@code pyro.log.user.level} the {@code pyro.user} logger:
 * <ul>
 *   <li>0: {@code OFF};</li>
 *   <li>1: {@code ERROR}, errors only;</li>
 *   <li>2: {@code WARN}, errors and warnings, <em>and remote exceptions</em>: the logger
 *       {@code dev.pyro.server.DaemonConnection}, which logs "... raised ..." at INFO for every exception a remote
 *       method throws, is set to {@code INFO}. A remote exception is not an error of the server (the caller gets it,
 *       it is a normal answer of a remote method), so level 1 leaves it out; but it has to appear in the server's
 *       log, so the default level shows it, one line each (with the stack trace from level 3 on);</li>
 *   <li>3: {@code DEBUG}, everything Pyro writes (it has no TRACE output; TRACE is left to a developer who asks for
 *       it explicitly with {@code logging.level.dev.pyro=trace}).</li>
 * </ul>
 * Any other value stops startup with a {@link PyroConfigurationException} naming the property.
 *
 * <h2>Defaults</h2>
 * The system log defaults to level 2: in a Boot application Pyro is a library, and like the other libraries it
 * reports what needs attention (warnings, errors, the exceptions remote callers got) without a line per connection
 * or registration; level 3 gives everything. The user log defaults to level 3: it holds only what the application
 * itself chose to write to it, so none of it is filtered out until {@code pyro.log.user.level} says so. Neither log
 * has a file by default: both go to Boot's console (and {@code logging.file.name}) like every other logger.
 *
 * <h2>Files</h2>
 * {@code pyro.log.file} adds a file appender named {@code PYRO_FILE} to {@code dev.pyro}, {@code pyro.log.user.file}
 * one named {@code PYRO_USER_FILE} to {@code pyro.user}, each line with a timestamp
 * ({@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n}). Missing directories are created; the
 * loggers stay additive, so the messages still reach the console too. The two logs are kept apart: the user log is
 * not written to Pyro's file, and the two settings may not name the same file.
 *
 * <h2>Standard logging</h2>
 * With {@code pyro.log.std-logging=true} Pyro leaves its loggers to the application's standard logging configuration
 * ({@code logback-spring.xml}, {@code logging.level.*}): the levels and files of {@code pyro.log.*} are not applied.
 * {@code pyro.log.std-logging-config} then names a plain logback XML file (without Boot's {@code <springProperty>}
 * extensions) that is applied <em>on top of</em> Boot's configuration, without a reset: its loggers and appenders
 * are added, what it says about a logger replaces what Boot said, and Boot's console and file appenders stay. It is
 * loaded once per logback configuration. Setting it without {@code std-logging=true} stops startup.
 *
 * <h2>Precedence</h2>
 * Spring Boot's {@code logging.level.dev.pyro} and {@code logging.level.pyro.user} (directly or through a
 * {@code logging.group}) are an explicit instruction about exactly these loggers and win over the trace level of
 * that log. Loggers below them keep what a logback file or {@code logging.level} says about them, by logback's
 * hierarchy; {@code DaemonConnection} is only raised to INFO when neither it nor {@code dev.pyro.server} has a level
 * of its own.
 *
 * <h2>When</h2>
 * On {@link ApplicationEnvironmentPreparedEvent}, right after Boot's {@link LoggingApplicationListener} (whose order
 * is {@code Ordered.HIGHEST_PRECEDENCE + 20}; this one's is {@link #ORDER}, one later), and again on
 * {@link ApplicationPreparedEvent} if logback's configuration was reset in between. Only with logback as the SLF4J
 * backend; with another backend, {@code pyro.log.*} is not applied (a warning says so unless {@code std-logging} is
 * on), though its values are still checked. Nothing is done when {@code pyro.enabled=false}.
 */
public class PyroLoggingApplicationListener implements SmartApplicationListener {

    /** Right after Boot's {@link LoggingApplicationListener#DEFAULT_ORDER}. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private static final Bindable<Map<String, String>> LEVELS = Bindable.mapOf(String.class, String.class);

    private static final Bindable<Map<String, List<String>>> GROUPS = Bindable.of(ResolvableType.forClassWithGenerics(
            Map.class, ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(List.class, String.class)));

    /** What the last application left in logback's context, to see on ApplicationPreparedEvent whether it is gone. */
    private Object applied;

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationPreparedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            apply(prepared.getEnvironment(), true);
        } else if (event instanceof ApplicationPreparedEvent prepared) {
            apply(prepared.getApplicationContext().getEnvironment(), false);
        }
    }

    private void apply(ConfigurableEnvironment environment, boolean first) {
        Binder binder = Binder.get(environment);
        if (!binder.bind("pyro.enabled", Boolean.class).orElse(true)) {
            return;
        }
        BindResult<PyroProperties.Log> bound = bind(binder);
        PyroProperties.Log log = bound.orElseGet(PyroProperties.Log::new);
        if (first) {
            validate(log);
        }
        if (!logbackInUse()) {
            if (first && bound.isBound() && !log.isStdLogging()) {
                LoggerFactory.getLogger(PyroLoggingApplicationListener.class).warn(
                        "pyro.log.* is applied to logback only, and SLF4J logs to {} here: configure the loggers "
                                + "dev.pyro and pyro.user in that backend's configuration (and set "
                                + "pyro.log.std-logging=true)",
                        LoggerFactory.getILoggerFactory().getClass().getName());
            }
            return;
        }
        if (!first && PyroLoggingLogback.isStillApplied(applied)) {
            return;
        }
        applied = PyroLoggingLogback.apply(log, logger -> setByBoot(binder, logger));
    }

    private static BindResult<PyroProperties.Log> bind(Binder binder) {
        try {
            return binder.bind("pyro.log", Bindable.of(PyroProperties.Log.class));
        } catch (BindException e) {
            String where = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PyroConfigurationException(where, "cannot be read: " + cause.getMessage(),
                    "Correct " + where + " (levels are 0, 1, 2 or 3; files are paths).", e);
        }
    }

    /** Checks the settings whatever the logging backend, so a mistake shows at once and not on another machine. */
    static void validate(PyroProperties.Log log) {
        checkLevel("pyro.log.level", log.getLevel());
        checkLevel("pyro.log.user.level", log.getUser().getLevel());
        Path config = log.getStdLoggingConfig();
        if (config != null) {
            if (!log.isStdLogging()) {
                throw new PyroConfigurationException("pyro.log.std-logging-config",
                        "is set to " + config + " but pyro.log.std-logging is false, so it would be ignored",
                        "Set pyro.log.std-logging=true to hand Pyro's logging to the standard configuration "
                                + "with this file, or remove pyro.log.std-logging-config.", null);
            }
            if (!Files.isRegularFile(config)) {
                throw new PyroConfigurationException("pyro.log.std-logging-config",
                        "there is no file " + config.toAbsolutePath(),
                        "Point pyro.log.std-logging-config at a logback XML configuration file.", null);
            }
        }
        if (!log.isStdLogging() && log.getFile() != null && log.getUser().getFile() != null
                && log.getFile().toAbsolutePath().normalize()
                .equals(log.getUser().getFile().toAbsolutePath().normalize())) {
            throw new PyroConfigurationException("pyro.log.user.file",
                    "is the same file as pyro.log.file (" + log.getFile() + "); the user log is kept apart from "
                            + "Pyro's system log",
                    "Give pyro.log.user.file a file of its own, or leave it unset (the user log then goes to the "
                            + "console only).", null);
        }
    }

    private static void checkLevel(String property, int level) {
        if (level < 0 || level > 3) {
            throw new PyroConfigurationException(property,
                    "trace level " + level + " does not exist; Pyro's trace levels are 0 (off), 1 (errors), "
                            + "2 (warnings) and 3 (everything)",
                    "Set " + property + " to 0, 1, 2 or 3.", null);
        }
    }

    private static boolean logbackInUse() {
        return ClassUtils.isPresent(LOGBACK_CONTEXT, PyroLoggingApplicationListener.class.getClassLoader())
                && PyroLoggingLogback.isInUse();
    }

    /** Whether Boot's {@code logging.level} names this logger, itself or through a {@code logging.group}. */
    static boolean setByBoot(Binder binder, String logger) {
        Map<String, String> levels = binder.bind("logging.level", LEVELS).orElse(Map.of());
        if (levels.isEmpty()) {
            return false;
        }
        Map<String, List<String>> groups = binder.bind("logging.group", GROUPS).orElse(Map.of());
        for (String name : levels.keySet()) {
            if (name.equalsIgnoreCase(logger)) {
                return true;
            }
            for (Map.Entry<String, List<String>> group : groups.entrySet()) {
                if (group.getKey().equalsIgnoreCase(name)
                        && group.getValue().stream().anyMatch(member -> member.trim().equalsIgnoreCase(logger))) {
                    return true;
                }
            }
        }
        return false;
    }
}
