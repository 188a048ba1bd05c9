package dev.pyro.naming;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** No stale entries: leases renewed by a keeper, dropped when not renewed, and the optional liveness probe. */
class LeaseTest {

    private static final PyroURI SOMEWHERE = PyroURI.parse("PYRO:svc@127.0.0.1:4711");

    private NameServerHost host;
    private NameServerProxy ns;

    @BeforeEach
    void start() {
        host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false)
                .leaseCheckPeriod(Duration.ofMillis(100)).start();
        ns = NameServerLocator.locate("127.0.0.1", host.port(), PyroConfig.builder().broadcastAddresses(List.of()).build());
    }

    @AfterEach
    void stop() {
        ns.close();
        host.close();
    }

    private boolean registered(String name) {
        try {
            ns.lookup(name);
            return true;
        } catch (NamingException e) {
            return false;
        }
    }

    @Test
    void registrationWhoseLeaseIsNotRenewedIsDropped() {
        ns.registerWithLease("svc.short", SOMEWHERE, Duration.ofMillis(300), Set.of());
        assertThat(registered("svc.short")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> host.store().get("svc.short").isEmpty());
        assertThat(registered("svc.short")).isFalse();
    }

    @Test
    void keeperRenewsSoTheRegistrationOutlivesItsLease() {
        // a lease of 1.5 s renewed every 0.5 s: a renewal may be late by a second on a loaded machine
        try (LeaseKeeper keeper = LeaseKeeper.start(ns, Duration.ofMillis(1500))) {
            keeper.register("svc.kept", SOMEWHERE, Set.of("tag:x"));
            await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(6)).until(() -> registered("svc.kept"));
            assertThat(ns.lookupWithMetadata("svc.kept").metadata()).containsExactly("tag:x");
        }
    }

    @Test
    void keeperRegistersAgainWhatVanishedFromTheNameServer() {
        try (LeaseKeeper keeper = LeaseKeeper.start(ns, Duration.ofSeconds(30))) {
            keeper.register("svc.again", SOMEWHERE, Set.of());
            ns.remove("svc.again");
            keeper.renewNow();
            assertThat(ns.lookup("svc.again")).isEqualTo(SOMEWHERE);
        }
    }

    @Test
    void keeperLetsGoOfANameSomeoneElseTookOver() {
        try (LeaseKeeper keeper = LeaseKeeper.start(ns, Duration.ofSeconds(30))) {
            keeper.register("svc.taken", SOMEWHERE, Set.of());
            PyroURI other = PyroURI.parse("PYRO:other@127.0.0.1:4712");
            ns.register("svc.taken", other, true, Set.of());
            keeper.renewNow();
            assertThat(keeper.names()).doesNotContain("svc.taken");
            assertThat(ns.lookup("svc.taken")).isEqualTo(other);
        }
    }

    @Test
    void closingTheKeeperRemovesItsNames() {
        LeaseKeeper keeper = LeaseKeeper.start(ns, Duration.ofSeconds(30));
        keeper.register("svc.closing", SOMEWHERE, Set.of());
        keeper.close();
        assertThat(registered("svc.closing")).isFalse();
    }

    @Test
    void registrationsWithoutLeaseStayAsInPyro5() {
        ns.register("python.peer", SOMEWHERE);
        // A witness with a short lease: once it is gone, the janitor has run after its expiry.
        ns.registerWithLease("witness", SOMEWHERE, Duration.ofMillis(200), Set.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> !registered("witness"));
        assertThat(ns.lookup("python.peer")).isEqualTo(SOMEWHERE);
    }

    @Test
    void livenessProbeDropsUnreachableRegistrationsWithoutLease() {
        try (NameServerHost probing = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false)
                .livenessProbe(Duration.ofMillis(100), Duration.ofMillis(200)).start()) {
            NameServer nameServer = probing.nameServer();
            nameServer.register("gone", "PYRO:x@127.0.0.1:" + Ports.closedTcpPort(), java.util.Optional.empty(),
                    java.util.Optional.empty());
            nameServer.register("alive", probing.uri().toString().replace("Pyro.NameServer", "other"),
                    java.util.Optional.empty(), java.util.Optional.empty());
            await().atMost(Duration.ofSeconds(5)).until(() -> probing.store().get("gone").isEmpty());
            assertThat(probing.store().get("alive")).isPresent();
        }
    }

    @Test
    void leaseKeeperRefusesAnAbsurdlyShortLease() {
        assertThatThrownBy(() -> LeaseKeeper.start(ns, Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
