package dev.pyro.nameserver;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.RemoteTraceback;
import dev.pyro.naming.NameServerHost;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the database fails, the client learns that the store failed, and nothing about SQL, tables or paths. */
class StoreErrorReportTest {

    @Test
    void aFailingDatabaseIsReportedWithoutSqlText() throws Exception {
        String url = "jdbc:h2:mem:store-error-report;DB_CLOSE_DELAY=-1";
        try (JdbcNameStore store = JdbcNameStore.open(url, "sa", "");
             NameServerHost host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).store(store)
                     .start();
             PyroProxy ns = Pyro.proxy(host.uri(), PyroConfig.defaults())) {
            ns.call("register", "shop.cart", "PYRO:cart@127.0.0.1:4711");
            try (Connection other = DriverManager.getConnection(url, "sa", "");
                 Statement s = other.createStatement()) {
                s.execute("DROP TABLE pyro_name_tag"); // the store's next write fails inside H2
            }

            assertThatThrownBy(() -> ns.call("register", "shop.till", "PYRO:till@127.0.0.1:4712", false,
                    List.of("tag:x")))
                    .isInstanceOf(NamingException.class)
                    .hasMessage("name store error; see the server log")
                    .satisfies(e -> assertThat(RemoteTraceback.format(e)).doesNotContainIgnoringCase("pyro_name_tag")
                            .doesNotContain("SQL").doesNotContain("h2").doesNotContain("store-error-report"));
            assertThat(ns.call("lookup", "shop.cart")).hasToString("PYRO:cart@127.0.0.1:4711");
        }
    }
}
