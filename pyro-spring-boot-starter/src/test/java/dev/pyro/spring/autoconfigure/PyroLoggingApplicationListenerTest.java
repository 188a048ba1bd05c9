package dev.pyro.spring.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import dev.pyro.spring.PyroLog;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code pyro.log.*} on logback, through whole (tiny) applications: the listener comes from spring.factories, no
 * auto-configuration runs. Each test puts logback's levels back and takes its appenders off afterwards.
 */
class PyroLoggingApplicationListenerTest {

    /** A configuration without auto-configuration: only the listeners of spring.factories take part. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    static class NothingButListeners {
    }

    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}";

    @TempDir
    Path dir;

    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<String, Level> levels = new HashMap<>();

    @BeforeEach
    void rememberLevels() {
        for (Logger logger : logback.getLoggerList()) {
            levels.put(logger.getName(), logger.getLevel());
        }
    }

    @AfterEach
    void restoreLevelsAndRemoveAppenders() {
        for (Logger logger : logback.getLoggerList()) {
            List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
            logger.iteratorForAppenders().forEachRemaining(appenders::add);
            for (Appender<ILoggingEvent> appender : appenders) {
                String name = String.valueOf(appender.getName());
                if (name.startsWith("PYRO_") || name.startsWith("TEST_")) {
                    logger.detachAppender(appender);
                    appender.stop();
                }
            }
            Level level = levels.get(logger.getName());
            if (level != null || !Logger.ROOT_LOGGER_NAME.equals(logger.getName())) {
                logger.setLevel(level);
            }
        }
    }

    private SpringApplicationBuilder app(String... properties) {
        return new SpringApplicationBuilder(NothingButListeners.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("pyro.enabled=true", "pyro.daemon.enabled=false").properties(properties);
    }

    private ConfigurableApplicationContext run(String... properties) {
        return app(properties).run();
    }

    private Logger logger(String name) {
        return logback.getLogger(name);
    }

    private static long countAppenders(Logger logger, String name) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        logger.iteratorForAppenders().forEachRemaining(appenders::add);
        return appenders.stream().filter(a -> name.equals(a.getName())).count();
    }

    @ParameterizedTest(name = "trace level {0} is {1}")
    @CsvSource({"0, OFF", "1, ERROR", "2, WARN", "3, DEBUG"})
    void eachTraceLevelSetsTheSystemAndTheUserLogger(int traceLevel, String expected) {
        try (ConfigurableApplicationContext context = run("pyro.log.level=" + traceLevel,
                "pyro.log.user.level=" + traceLevel)) {
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.toLevel(expected));
            assertThat(logger(PyroLog.USER).getLevel()).isEqualTo(Level.toLevel(expected));
            // remote exceptions ("... raised ...", INFO) are in the server's log from level 2 on
            assertThat(logger(PyroLoggingLogback.REMOTE_EXCEPTIONS).getLevel())
                    .isEqualTo(traceLevel == 2 ? Level.INFO : null);
            assertThat(LoggerFactory.getLogger(PyroLoggingLogback.REMOTE_EXCEPTIONS).isInfoEnabled())
                    .isEqualTo(traceLevel >= 2);
        }
    }

    @Test
    void byDefaultPyroLogsWarningsAndRemoteExceptionsAndTheUserLogEverythingAndNothingGoesToFiles() {
        try (ConfigurableApplicationContext context = run()) {
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.WARN);
            assertThat(logger(PyroLoggingLogback.REMOTE_EXCEPTIONS).getLevel()).isEqualTo(Level.INFO);
            assertThat(logger(PyroLog.USER).getLevel()).isEqualTo(Level.DEBUG);
            assertThat(LoggerFactory.getLogger("dev.pyro.naming.NameServerHost").isInfoEnabled()).isFalse();
            assertThat(logger(PyroLog.SYSTEM).getAppender(PyroLoggingLogback.FILE_APPENDER)).isNull();
            assertThat(logger(PyroLog.USER).getAppender(PyroLoggingLogback.USER_FILE_APPENDER)).isNull();
        }
    }

    @Test
    void theSystemLogFileGetsTimestampedLinesInNewDirectoriesAndTheConsoleStillGetsThem() throws IOException {
        Path file = dir.resolve("logs/pyro/system.log");
        ListAppender<ILoggingEvent> console = new ListAppender<>();
        console.setName("TEST_CONSOLE");
        console.setContext(logback);
        console.start();
        try (ConfigurableApplicationContext context = run("pyro.log.file=" + file)) {
            logger(Logger.ROOT_LOGGER_NAME).addAppender(console);
            org.slf4j.Logger log = LoggerFactory.getLogger("dev.pyro.test");
            log.warn("the warehouse is empty");
            log.info("a notice, not shown at level 2");
            LoggerFactory.getLogger(PyroLoggingLogback.REMOTE_EXCEPTIONS)
                    .info("store() from /127.0.0.1:5000 raised java.lang.IllegalArgumentException: no apples");
            PyroLog.user().warn("a user message");

            assertThat(logger(PyroLog.SYSTEM).isAdditive()).isTrue();
            assertThat(Files.readAllLines(file)).satisfiesExactly(
                    line -> assertThat(line).matches(TIMESTAMP + " WARN  \\[.+] dev\\.pyro\\.test - the warehouse is empty"),
                    line -> assertThat(line).matches(TIMESTAMP + " INFO  \\[.+] dev\\.pyro\\.server\\.DaemonConnection - "
                            + "store\\(\\) from /127\\.0\\.0\\.1:5000 raised java\\.lang\\.IllegalArgumentException: no apples"));
            assertThat(console.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("the warehouse is empty", "a user message")
                    .doesNotContain("a notice, not shown at level 2");
        }
    }

    @Test
    void theUserLogGoesToItsOwnFileAndNotToPyros() throws IOException {
        Path system = dir.resolve("system.log");
        Path user = dir.resolve("user/user.log");
        try (ConfigurableApplicationContext context = run("pyro.log.file=" + system, "pyro.log.user.file=" + user,
                "pyro.log.user.level=2")) {
            PyroLog.user(PyroLoggingApplicationListenerTest.class).warn("stock is low");
            PyroLog.user().info("a notice, not shown at user level 2");
            LoggerFactory.getLogger("dev.pyro.test").error("Pyro's own trouble");

            assertThat(Files.readAllLines(user)).singleElement(InstanceOfAssertFactories.STRING).matches(TIMESTAMP
                    + " WARN  \\[.+] pyro\\.user\\.dev\\.pyro\\.spring\\.autoconfigure\\.PyroLoggingApplicationListenerTest"
                    + " - stock is low");
            assertThat(Files.readAllLines(system)).singleElement(InstanceOfAssertFactories.STRING)
                    .matches(TIMESTAMP + " ERROR \\[.+] dev\\.pyro\\.test - Pyro's own trouble");
        }
    }

    @Test
    void applyingTheSettingsAgainKeepsOneAppenderPerFile() throws IOException {
        Path file = dir.resolve("system.log");
        // the second application finds logback already set up by Boot and the listener applies onto it again
        try (ConfigurableApplicationContext first = run("pyro.log.file=" + file);
             ConfigurableApplicationContext second = run("pyro.log.file=" + file)) {
            assertThat(countAppenders(logger(PyroLog.SYSTEM), PyroLoggingLogback.FILE_APPENDER)).isEqualTo(1);
            LoggerFactory.getLogger("dev.pyro.test").warn("written once");
            assertThat(Files.readAllLines(file)).singleElement(InstanceOfAssertFactories.STRING).endsWith("written once");
        }
    }

    @Test
    void whenLogbackIsResetBeforeTheContextIsPreparedTheSettingsAreAppliedAgain() throws IOException {
        Path file = dir.resolve("system.log");
        // as a second initialisation of the logging system would: reset, then logback-test.xml (dev.pyro at WARN)
        ApplicationListener<ApplicationEvent> reconfigure = event -> {
            if (event instanceof ApplicationContextInitializedEvent) {
                reconfigureLogbackFromTestXml();
            }
        };
        try (ConfigurableApplicationContext context = app("pyro.log.level=1", "pyro.log.file=" + file)
                .listeners(reconfigure).run()) {
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.ERROR);
            assertThat(countAppenders(logger(PyroLog.SYSTEM), PyroLoggingLogback.FILE_APPENDER)).isEqualTo(1);
            LoggerFactory.getLogger("dev.pyro.test").warn("not at level 1");
            LoggerFactory.getLogger("dev.pyro.test").error("after the reset");
            assertThat(Files.readAllLines(file)).singleElement(InstanceOfAssertFactories.STRING).endsWith("after the reset");
        }
    }

    private void reconfigureLogbackFromTestXml() {
        logback.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        try {
            configurator.doConfigure(PyroLoggingApplicationListenerTest.class.getResource("/logback-test.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withStdLoggingTheLevelsAndFilesAreLeftToTheStandardConfiguration() {
        Path file = dir.resolve("system.log");
        try (ConfigurableApplicationContext context = run("pyro.log.std-logging=true", "pyro.log.level=0",
                "pyro.log.user.level=1", "pyro.log.file=" + file)) {
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.WARN); // what logback-test.xml says
            assertThat(logger(PyroLog.USER).getLevel()).isNull();
            assertThat(logger(PyroLoggingLogback.REMOTE_EXCEPTIONS).getLevel()).isNull();
            assertThat(logger(PyroLog.SYSTEM).getAppender(PyroLoggingLogback.FILE_APPENDER)).isNull();
            LoggerFactory.getLogger("dev.pyro.test").warn("to the console only");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void theStdLoggingConfigIsAddedToBootsConfigurationWithoutReplacingIt() throws IOException {
        Path out = dir.resolve("std.log");
        Path xml = dir.resolve("pyro-logback.xml");
        Files.writeString(xml, """
                <configuration>
                  <appender name="TEST_STD_FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%level %%logger - %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="dev.pyro.test.std" level="DEBUG">
                    <appender-ref ref="TEST_STD_FILE"/>
                  </logger>
                </configuration>
                """.formatted(out));
        try (ConfigurableApplicationContext context = run("pyro.log.std-logging=true",
                "pyro.log.std-logging-config=" + xml)) {
            LoggerFactory.getLogger("dev.pyro.test.std").debug("from the standard configuration");
            assertThat(Files.readAllLines(out)).containsExactly("DEBUG dev.pyro.test.std - from the standard configuration");
            assertThat(logger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNotNull();
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.WARN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pyro.log.level=4, pyro.log.level", "pyro.log.level=-1, pyro.log.level",
            "pyro.log.user.level=7, pyro.log.user.level"})
    void aTraceLevelOutside0To3StopsStartupNamingTheProperty(String setting, String property) {
        assertThatThrownBy(() -> run(setting).close()).isInstanceOfSatisfying(PyroConfigurationException.class, e -> {
            assertThat(e.where()).isEqualTo(property);
            assertThat(e.getMessage()).startsWith(property + ": trace level ");
            FailureAnalysis analysis = new PyroFailureAnalyzer().analyze(e);
            assertThat(analysis.getDescription()).contains(property, "0 (off), 1 (errors), 2 (warnings) and 3");
            assertThat(analysis.getAction()).isEqualTo("Set " + property + " to 0, 1, 2 or 3.");
        });
    }

    @Test
    void theSameFileForBothLogsStopsStartup() {
        Path file = dir.resolve("both.log");
        assertThatThrownBy(() -> run("pyro.log.file=" + file, "pyro.log.user.file=" + file).close())
                .isInstanceOfSatisfying(PyroConfigurationException.class,
                        e -> assertThat(e.where()).isEqualTo("pyro.log.user.file"));
    }

    @Test
    void aStdLoggingConfigWithoutStdLoggingStopsStartup() throws IOException {
        Path xml = Files.writeString(dir.resolve("pyro-logback.xml"), "<configuration/>");
        assertThatThrownBy(() -> run("pyro.log.std-logging-config=" + xml).close())
                .isInstanceOfSatisfying(PyroConfigurationException.class,
                        e -> assertThat(e.where()).isEqualTo("pyro.log.std-logging-config"));
    }

    @Test
    void bootsLoggingLevelOfALoggerWinsOverItsTraceLevel() {
        try (ConfigurableApplicationContext context = run("logging.level.dev.pyro=DEBUG", "pyro.log.level=1",
                "pyro.log.user.level=1")) {
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.DEBUG);
            assertThat(logger(PyroLog.USER).getLevel()).isEqualTo(Level.ERROR);
            assertThat(logger(PyroLoggingLogback.REMOTE_EXCEPTIONS).getLevel()).isNull();
        }
    }

    @Test
    void bootsLoggingLevelOfAGroupWinsToo() {
        try (ConfigurableApplicationContext context = run("logging.group.pyro=dev.pyro,pyro.user",
                "logging.level.pyro=TRACE", "pyro.log.level=0", "pyro.log.user.level=0")) {
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.TRACE);
            assertThat(logger(PyroLog.USER).getLevel()).isEqualTo(Level.TRACE);
        }
    }

    @Test
    void whenPyroIsDisabledNothingIsApplied() {
        try (ConfigurableApplicationContext context = run("pyro.enabled=false", "pyro.log.level=0",
                "pyro.log.user.level=9")) {
            assertThat(logger(PyroLog.SYSTEM).getLevel()).isEqualTo(Level.WARN);
            assertThat(logger(PyroLog.USER).getLevel()).isNull();
        }
    }
}
