package dev.pyro.naming;

import dev.pyro.PyroURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's regex is matched while the name server holds no lock: hostile patterns running on several threads
 * (here: matches that last until the test lets them end) never hold up other clients' lookups and writes.
 * With matching under the write lock, only one of the hostile calls could be matching at a time and every
 * lookup would wait for it.
 */
class RegexOutsideTheLockTest {

    private static final int HOSTILE_CALLS = 4;
    private static final String URI = "PYRO:obj@127.0.0.1:4711";

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch allMatching = new CountDownLatch(HOSTILE_CALLS);
    private final InMemoryNameStore store = new InMemoryNameStore();
    /** A regex engine whose every match runs until released: the worst hostile pattern there could be. */
    private final NameServer ns = new NameServer(store, System::currentTimeMillis, source -> {
        Predicate<String> real = SafeRegex.compile(source)::matches;
        boolean[] counted = {false};
        return name -> {
            if (!counted[0]) {
                counted[0] = true;
                allMatching.countDown();
            }
            awaitRelease();
            return real.test(name);
        };
    });
    private final ExecutorService hostile = Executors.newFixedThreadPool(HOSTILE_CALLS);
    private final ExecutorService others = Executors.newFixedThreadPool(2);

    private void awaitRelease() {
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        hostile.shutdownNow();
        others.shutdownNow();
    }

    private void register(String name) {
        ns.register(name, URI, Optional.empty(), Optional.empty());
    }

    @Test
    void lookupsAndRegistrationsAnswerWhileSeveralHostileRegexRemovesAndListsAreMatching() throws Exception {
        ns.registerSelf(PyroURI.parse("PYRO:Pyro.NameServer@127.0.0.1:9090"));
        register("victim.a");
        register("victim.b");
        register("bystander");
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < HOSTILE_CALLS; i++) {
            calls.add(i % 2 == 0
                    ? hostile.submit(() -> ns.remove(Optional.empty(), Optional.empty(), Optional.of("victim\\.")))
                    : hostile.submit(() -> ns.list(Optional.empty(), Optional.of("victim\\."), Optional.empty())));
        }
        // All hostile calls are inside their matching at once: none of them holds an exclusive lock.
        await().atMost(Duration.ofSeconds(30)).until(() -> allMatching.getCount() == 0);

        CompletableFuture<Object> work = CompletableFuture.supplyAsync(() -> {
            for (int i = 0; i < 100; i++) {
                ns.lookup("bystander", Optional.empty());
            }
            register("newcomer");
            ns.set_metadata("bystander", List.of("tag:x"));
            return ns.lookup("newcomer", Optional.empty());
        }, others);
        await().atMost(Duration.ofSeconds(30)).until(work::isDone);
        assertThat(calls).as("the hostile calls are still matching").noneMatch(Future::isDone);
        assertThat(work.get()).isEqualTo(PyroURI.parse(URI));

        release.countDown();
        for (Future<?> call : calls) {
            call.get(30, TimeUnit.SECONDS);
        }
        assertThat(ns.list(Optional.empty(), Optional.empty(), Optional.empty()))
                .containsOnlyKeys("Pyro.NameServer", "bystander", "newcomer");
    }

    @Test
    void aNameThatChangedWhileTheRegexRanIsRecheckedUnderTheLock() throws Exception {
        ns.registerSelf(PyroURI.parse("PYRO:Pyro.NameServer@127.0.0.1:9090"));
        register("t.one");
        register("t.two");
        Future<Integer> removal = hostile.submit(() -> ns.remove(Optional.empty(), Optional.empty(), Optional.of(".*")));
        await().atMost(Duration.ofSeconds(30)).until(() -> allMatching.getCount() == HOSTILE_CALLS - 1);

        // Meanwhile: t.one is removed and its name becomes a group; t.two stays a registered object.
        others.submit(() -> {
            ns.remove(Optional.of("t.one"), Optional.empty(), Optional.empty());
            return ns.create_group("t.one");
        }).get(30, TimeUnit.SECONDS);
        release.countDown();

        assertThat(removal.get(30, TimeUnit.SECONDS)).as("only t.two was still a registered object").isEqualTo(1);
        assertThat(ns.list_group(Optional.of("t"))).containsExactly(java.util.Map.entry("t.one", "group"));
        assertThat(ns.lookup("Pyro.NameServer", Optional.empty())).as("never removed").isNotNull();
    }
}
