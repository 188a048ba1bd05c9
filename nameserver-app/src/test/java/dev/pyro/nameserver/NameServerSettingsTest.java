package dev.pyro.nameserver;

import dev.pyro.naming.InMemoryNameStore;
import dev.pyro.naming.NameServerHost;
import dev.pyro.spring.autoconfigure.PyroConfigurationException;
import dev.pyro.spring.autoconfigure.PyroNameServerAutoConfiguration;
import dev.pyro.spring.autoconfigure.PyroProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store types and the settings the application takes from the starter. */
class NameServerSettingsTest {

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--pyro.nameserver.host=127.0.0.1", "--pyro.nameserver.port=0", "--pyro.nameserver.broadcast.enabled=false",
                "--pyro.nameserver.store.path=" + dir.resolve("names")));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(NameServerApplication.class).run(all.toArray(String[]::new));
    }

    @Test
    void theMemoryStoreIsTheStartersOwn() {
        try (ConfigurableApplicationContext context = start("--pyro.nameserver.store.type=memory")) {
            assertThat(context.getBean(NameServerHost.class).store()).isInstanceOf(InMemoryNameStore.class);
        }
    }

    @Test
    void theJdbcStoreOpensTheGivenUrl() {
        try (ConfigurableApplicationContext context = start("--pyro.nameserver.store.type=jdbc",
                "--pyro.nameserver.store.jdbc-url=jdbc:h2:mem:settings-test")) {
            assertThat(context.getBean(NameServerHost.class).store()).isInstanceOfSatisfying(JdbcNameStore.class,
                    store -> assertThat(store.url()).isEqualTo("jdbc:h2:mem:settings-test"));
        }
    }

    @Test
    void theJdbcStoreWithoutUrlStopsStartupNamingTheProperty() {
        assertThatThrownBy(() -> start("--pyro.nameserver.store.type=jdbc").close())
                .hasRootCauseInstanceOf(PyroConfigurationException.class)
                .rootCause().hasMessageStartingWith("pyro.nameserver.store.jdbc-url");
    }

    @Test
    void theOldNameOfTheLeaseCheckPeriodStillWorksAndTheNewOneWins() {
        try (ConfigurableApplicationContext context = start("--pyro.nameserver.lease.check-period=2s")) {
            assertThat(context.getBean(PyroProperties.class).getNameserver().getLeaseCheckPeriod())
                    .isEqualTo(Duration.ofSeconds(2));
            assertThat(context.getBean(PyroProperties.class).getNameserver().getLease())
                    .as("the starter's lease of registrations").isEqualTo(Duration.ofSeconds(30));
        }
        try (ConfigurableApplicationContext context = start("--pyro.nameserver.lease.check-period=2s",
                "--pyro.nameserver.lease-check-period=3s")) {
            assertThat(context.getBean(PyroProperties.class).getNameserver().getLeaseCheckPeriod())
                    .isEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void withoutTheApplicationsStoreTheStarterRefusesTheFileStore() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PyroNameServerAutoConfiguration.class))
                .withPropertyValues("pyro.nameserver.embedded=true", "pyro.nameserver.store.type=file")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().isInstanceOf(PyroConfigurationException.class)
                        .hasMessageStartingWith("pyro.nameserver.store.type"));
    }
}
