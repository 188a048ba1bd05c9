package dev.pyro.naming;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.RemoteTraceback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failing store is reported to clients without its internals; the details go to the server's log. */
class NameStoreErrorTest {

    private static final String SECRET = "INSERT INTO secret_names_table VALUES ('x') -- jdbc:h2:/srv/secret/path";

    /** A store whose writes fail (once armed) with a message full of internals, as a JDBC store's would. */
    private static final class BrokenStore extends ForwardingNameStore {
        volatile boolean broken;

        @Override
        public void put(NameEntry entry) {
            if (broken) {
                throw new NameStoreException("could not save: " + SECRET, new SQLException(SECRET, "42S02"));
            }
            names.put(entry);
        }

        @Override
        public int remove(Collection<String> doomed) {
            if (broken) {
                throw new IllegalStateException("connection closed: " + SECRET);
            }
            return names.remove(doomed);
        }

        @Override
        public boolean isReachable() {
            return !broken;
        }
    }

    private final BrokenStore store = new BrokenStore();
    private final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();
    private final Logger nameServerLogger = (Logger) LoggerFactory.getLogger(NameServer.class);

    @BeforeEach
    void captureLog() {
        serverLog.start();
        nameServerLogger.addAppender(serverLog);
    }

    @AfterEach
    void releaseLog() {
        nameServerLogger.detachAppender(serverLog);
    }

    @Test
    void aStoreFailureReachesTheCallerAsAPlainNamingErrorWithoutCauseAndIsLoggedInFull() {
        NameServer ns = new NameServer(store);
        store.broken = true;
        assertThatThrownBy(() -> ns.register("shop.cart", "PYRO:c@127.0.0.1:1", Optional.empty(), Optional.empty()))
                .isInstanceOf(NamingException.class).hasMessage(NameServer.STORE_ERROR).hasNoCause();
        assertThatThrownBy(() -> ns.remove(Optional.empty(), Optional.of("shop"), Optional.empty()))
                .isInstanceOf(NamingException.class).hasMessage(NameServer.STORE_ERROR).hasNoCause();
        assertThat(serverLog.list).hasSize(2).allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).contains(SECRET);
            assertThat(event.getThrowableProxy()).isNotNull();
        });
    }

    @Test
    void aRemoteClientSeesNoSqlTextInTheMessageOrTheTraceback() {
        try (NameServerHost host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).store(store)
                .start();
             PyroProxy ns = Pyro.proxy(host.uri(), PyroConfig.defaults())) {
            store.broken = true;
            assertThatThrownBy(() -> ns.call("register", "shop.cart", "PYRO:c@127.0.0.1:1"))
                    .isInstanceOf(NamingException.class).hasMessage(NameServer.STORE_ERROR)
                    .satisfies(e -> assertThat(RemoteTraceback.format(e)).doesNotContain("secret")
                            .doesNotContain("INSERT").doesNotContain("SQLException"));
            assertThatThrownBy(() -> ns.call("set_metadata", "Pyro.NameServer", List.of()))
                    .as("the name server's own refusals still arrive as they are")
                    .isInstanceOf(NamingException.class).hasMessageContaining("read-only");
        }
        assertThat(serverLog.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains(SECRET));
    }
}
