package dev.pyro.spring.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import dev.pyro.spring.PyroLog;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The logback side of {@link PyroLoggingApplicationListener}; only loaded when logback is SLF4J's backend. Every
 * step can be repeated: levels are set again, appenders are found by name and replaced only when their file changed.
 */
final class PyroLoggingLogback {

    /** Appender of {@code pyro.log.file}, on {@code dev.pyro}. */
    static final String FILE_APPENDER = "PYRO_FILE";

    /** Appender of {@code pyro.log.user.file}, on {@code pyro.user}. */
    static final String USER_FILE_APPENDER = "PYRO_USER_FILE";

    /** Layout of the log files: Pyro's log lines carry a timestamp. */
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n";

    /** The logger that writes "... raised ..." at INFO for each exception a remote method throws. */
    static final String REMOTE_EXCEPTIONS = "dev.pyro.server.DaemonConnection";

    private static final String KEY = PyroLoggingLogback.class.getName();
    /** Present while what Pyro applied is in place; logback's reset clears it with everything else. */
    private static final String APPLIED = KEY + ".applied";
    /** The std-logging-config file loaded since the last reset, so it is not added twice. */
    private static final String STD_CONFIG = KEY + ".stdLoggingConfig";
    /** Present when Pyro itself set the remote exceptions logger's level, which it may then take back. */
    private static final String REMOTE_EXCEPTIONS_SET = KEY + ".remoteExceptionsLevel";

    private PyroLoggingLogback() {
    }

    static boolean isInUse() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
    }

    static boolean isStillApplied(Object token) {
        return token != null && context().getObject(APPLIED) == token;
    }

    /**
     * Applies the settings (already checked by {@link PyroLoggingApplicationListener#validate}).
     *
     * @param setByBoot whether Boot's {@code logging.level} names a logger, which then keeps Boot's level
     * @return a token that {@link #isStillApplied} recognises until logback's configuration is reset
     */
    static Object apply(PyroProperties.Log log, Predicate<String> setByBoot) {
        LoggerContext context = context();
        Logger system = context.getLogger(PyroLog.SYSTEM);
        Logger user = context.getLogger(PyroLog.USER);
        if (log.isStdLogging()) {
            setFile(context, system, FILE_APPENDER, null, "pyro.log.file");
            setFile(context, user, USER_FILE_APPENDER, null, "pyro.log.user.file");
            setRemoteExceptions(context, false);
            if (log.getStdLoggingConfig() != null) {
                loadStdConfig(context, log.getStdLoggingConfig());
            }
        } else {
            boolean systemByBoot = setByBoot.test(PyroLog.SYSTEM);
            if (!systemByBoot) {
                system.setLevel(level(log.getLevel()));
            }
            setRemoteExceptions(context, !systemByBoot && log.getLevel() == 2);
            if (!setByBoot.test(PyroLog.USER)) {
                user.setLevel(level(log.getUser().getLevel()));
            }
            setFile(context, system, FILE_APPENDER, log.getFile(), "pyro.log.file");
            setFile(context, user, USER_FILE_APPENDER, log.getUser().getFile(), "pyro.log.user.file");
        }
        Object token = new Object();
        context.putObject(APPLIED, token);
        return token;
    }

    /** Pyro's trace level as a logback level: 0 OFF, 1 ERROR, 2 WARN, 3 DEBUG. */
    static Level level(int traceLevel) {
        return switch (traceLevel) {
            case 0 -> Level.OFF;
            case 1 -> Level.ERROR;
            case 2 -> Level.WARN;
            case 3 -> Level.DEBUG;
            default -> throw new IllegalArgumentException("no trace level " + traceLevel);
        };
    }

    /**
     * At level 2, opens the remote exceptions logger at INFO, unless it or {@code dev.pyro.server} has a level that
     * Pyro did not set (from a logback file or {@code logging.level}); otherwise takes back a level Pyro set.
     */
    private static void setRemoteExceptions(LoggerContext context, boolean show) {
        Logger logger = context.getLogger(REMOTE_EXCEPTIONS);
        boolean ours = context.getObject(REMOTE_EXCEPTIONS_SET) != null && logger.getLevel() == Level.INFO;
        if (show) {
            if (ours || !configuredBelowSystem(context, REMOTE_EXCEPTIONS)) {
                logger.setLevel(Level.INFO);
                context.putObject(REMOTE_EXCEPTIONS_SET, Boolean.TRUE);
            }
        } else if (ours) {
            logger.setLevel(null);
            context.removeObject(REMOTE_EXCEPTIONS_SET);
        }
    }

    /** Whether the logger or one of its parents below {@code dev.pyro} has a level of its own. */
    private static boolean configuredBelowSystem(LoggerContext context, String name) {
        for (String n = name; n.startsWith(PyroLog.SYSTEM + "."); n = n.substring(0, n.lastIndexOf('.'))) {
            Logger logger = context.exists(n);
            if (logger != null && logger.getLevel() != null) {
                return true;
            }
        }
        return false;
    }

    /** Puts the named file appender on the logger, writing to {@code file}; {@code null} takes it off. */
    private static void setFile(LoggerContext context, Logger logger, String name, Path file, String property) {
        Appender<ILoggingEvent> existing = logger.getAppender(name);
        if (file == null) {
            if (existing != null) {
                logger.detachAppender(existing);
                existing.stop();
            }
            return;
        }
        Path path = file.toAbsolutePath().normalize();
        if (existing instanceof FileAppender<ILoggingEvent> current && current.isStarted()
                && path.toString().equals(current.getFile())) {
            return;
        }
        if (existing != null) {
            logger.detachAppender(existing);
            existing.stop();
        }
        Path directory = path.getParent();
        try {
            if (directory != null) {
                Files.createDirectories(directory);
            }
        } catch (IOException e) {
            throw new PyroConfigurationException(property, "cannot create the directory " + directory + ": " + e,
                    "Set " + property + " to a file in a directory the application may create and write.", e);
        }
        long since = System.currentTimeMillis();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(path.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new PyroConfigurationException(property, "cannot write the log file " + path + ": "
                    + String.join("; ", errorsSince(context, since)),
                    "Set " + property + " to a writable file that no other logback appender writes to.", null);
        }
        logger.addAppender(appender);
    }

    private static void loadStdConfig(LoggerContext context, Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (path.toString().equals(context.getObject(STD_CONFIG))) {
            return;
        }
        long since = System.currentTimeMillis();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(path.toFile());
        } catch (JoranException e) {
            throw new PyroConfigurationException("pyro.log.std-logging-config", "cannot load " + path + ": "
                    + e.getMessage(), "Correct the logback configuration file.", e);
        }
        List<String> errors = errorsSince(context, since);
        if (!errors.isEmpty()) {
            throw new PyroConfigurationException("pyro.log.std-logging-config", "errors in " + path + ": "
                    + String.join("; ", errors), "Correct the logback configuration file.", null);
        }
        context.putObject(STD_CONFIG, path.toString());
    }

    private static List<String> errorsSince(LoggerContext context, long since) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.ERROR && s.getTimestamp() >= since)
                .map(s -> s.getThrowable() == null ? s.getMessage() : s.getMessage() + " (" + s.getThrowable() + ")")
                .toList();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
