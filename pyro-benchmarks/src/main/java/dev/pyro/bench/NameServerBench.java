package dev.pyro.bench;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import dev.pyro.naming.InMemoryNameStore;
import dev.pyro.naming.NameEntry;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.naming.NameStore;
import dev.pyro.nameserver.JdbcNameStore;
import dev.pyro.nameserver.ZooKeeperNameStore;
import dev.pyro.server.Daemon;
import org.apache.curator.test.TestingServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The name-server workloads of {@code bin/bench --nameserver}: for the in-memory, the durable H2 and the
 * ZooKeeper store, a name server holding many names (100,000 in the full run) answers lookups (latency with one
 * caller, throughput with several), {@code list(prefix)} and registrations and removals; a plain {@code add} call on
 * a daemon with the same settings is the yardstick for a lookup; for ZooKeeper, a second name server on the same
 * ensemble gives the time until a registration made through the first is visible through it.
 *
 * <p>Unlike the main table, the name servers, the daemon of {@code add} and ZooKeeper (Curator's in-process
 * {@link TestingServer}, which writes its transaction log with fsync as a real server does) run in the harness's
 * own JVM, so read ratios, not absolute figures.
 */
final class NameServerBench {

    private static final String[] STORES = {"memory", "h2", "zookeeper"};
    private static final int GROUPS = 100;
    private static final int MIN_LATENCY_SAMPLES = 20;
    private static final String ROOT = "/pyro/bench-names";
    // ZooKeeper commits concurrent writes with one log sync: many writers make the preload fast, not the figures.
    private static final int PRELOAD_THREADS = 128;

    private final BenchOptions options;
    private final int names;
    private final int throughputCallers;
    private final PyroConfig config = PyroConfig.builder().broadcastAddresses(List.of()).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private NameServerBench(BenchOptions options) {
        this.options = options;
        this.names = options.nameServerNames();
        this.throughputCallers = options.callerCounts().get(0);
    }

    /** One store's figures. */
    private record StoreResult(String store, double preloadPerSecond, LoadRunner.Result lookup,
                               LoadRunner.Result lookupThroughput, LoadRunner.Result list,
                               LoadRunner.Result register, LoadRunner.Result registerThroughput,
                               double removePerSecond) {
    }

    /**
     * Runs every name-server workload, prints the tables and writes them as markdown to {@code out}.
     *
     * @return whether every workload ran
     */
    static boolean run(BenchOptions options, String header, Path out) throws IOException {
        NameServerBench bench = new NameServerBench(options);
        try {
            String report = bench.measure(header);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "%nmarkdown written to %s%n", out);
            return true;
        } catch (Exception e) {
            System.err.println("name-server benchmark failed: " + e);
            e.printStackTrace();
            return false;
        } finally {
            bench.closeAll();
        }
    }

    private String measure(String header) throws Exception {
        System.out.print(header);
        System.out.printf(Locale.ROOT, "%n== name server: %,d names, lookups with 1 and %d callers%n", names,
                throughputCallers);
        TestingServer zk = new TestingServer(true);
        toClose.add(zk);
        Map<String, Workload.Call> latencyCalls = new LinkedHashMap<>();
        latencyCalls.put("add", addOnADaemon());
        List<Setup> setups = new ArrayList<>();
        for (String store : STORES) {
            Setup setup = setUp(store, zk);
            setups.add(setup);
            latencyCalls.put(store, () -> lookupOne(setup.ns()));
        }
        Map<String, LoadRunner.Result> latencies = interleavedLatency(latencyCalls);
        LoadRunner.Result add = latencies.get("add");
        System.out.printf(Locale.ROOT, "   add on a daemon        p50 %8s µs%n", Format.micros(add.latency().percentile(0.5)));
        List<StoreResult> results = new ArrayList<>();
        for (Setup setup : setups) {
            results.add(measureStore(setup, latencies.get(setup.type())));
        }
        long[] visibility = visibilityThroughASecondInstance(zk);

        TextTable table = new TextTable(1, "store", "names", "preload names/s", "lookup p50 µs", "lookup p99 µs",
                "lookups/s @" + throughputCallers, "lookup p50 vs add", "lookup p50 vs memory",
                "list(prefix) p50 µs", "register/s @1", "register/s @" + throughputCallers, "remove/s @1");
        double memoryP50 = results.get(0).lookup().latency().percentile(0.5);
        for (StoreResult r : results) {
            double p50 = r.lookup().latency().percentile(0.5);
            table.row(r.store(), Format.count(names), Format.count(r.preloadPerSecond()),
                    Format.micros((long) p50), Format.micros(r.lookup().latency().percentile(0.99)),
                    Format.count(r.lookupThroughput().callsPerSecond()),
                    Format.ratio(p50 / add.latency().percentile(0.5)), Format.ratio(p50 / memoryP50),
                    Format.micros(r.list().latency().percentile(0.5)),
                    Format.count(r.register().callsPerSecond()),
                    Format.count(r.registerThroughput().callsPerSecond()), Format.count(r.removePerSecond()));
        }
        String visible = String.format(Locale.ROOT, "A registration through one ZooKeeper-backed name server is"
                        + " visible through a second one (lookups polled through its proxy, from the moment the"
                        + " first acknowledged it) after p50 %s µs, p99 %s µs, max %s µs (%d registrations).%n",
                Format.micros(visibility[0]), Format.micros(visibility[1]), Format.micros(visibility[2]),
                visibility[3]);
        String legend = String.format(Locale.ROOT, "Names `bench.gG.nI` in %d groups; list(prefix) lists one group"
                        + " (%,d names). add: `int add(int, int)` on a Daemon with default settings in the same JVM,"
                        + " p50 %s µs. register: new names, each acknowledged only when stored (H2: committed to the"
                        + " file; ZooKeeper: committed by the ensemble). remove/s: removing those names one by one."
                        + " preload: the names put into the store before the name server starts (ZooKeeper: %d"
                        + " threads in parallel; the others one by one).%n", GROUPS, names / GROUPS,
                Format.micros(add.latency().percentile(0.5)), PRELOAD_THREADS);
        System.out.printf(Locale.ROOT, "%n%s%n%s%s", table.text(), legend, visible);
        return header + "\n#### Name server\n\n" + table.markdown() + "\n" + legend + "\n" + visible;
    }

    /** A name server on one store, filled with the names. */
    private record Setup(String type, double preloadPerSecond, NameServerProxy ns) {
    }

    /**
     * The 1-caller latency of every call, measured in turns as in the main table: the window is cut into rounds
     * and each round gives every call one slice, starting with another each round, so that the machine's drift
     * and the JIT land on all alike.
     */
    private Map<String, LoadRunner.Result> interleavedLatency(Map<String, Workload.Call> calls) {
        calls.values().forEach(this::warmUp);
        int rounds = options.latencyRounds();
        Duration slice = options.latencyMeasure().dividedBy(rounds);
        long minCallsPerSlice = (MIN_LATENCY_SAMPLES + rounds - 1) / rounds;
        List<String> order = new ArrayList<>(calls.keySet());
        Map<String, List<LoadRunner.Result>> slices = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < order.size(); i++) {
                String key = order.get((i + round) % order.size());
                slices.computeIfAbsent(key, k -> new ArrayList<>()).add(LoadRunner.run(calls.get(key), 1,
                        options.latencySliceWarmup(), slice, minCallsPerSlice, true, ResourceProbe.NONE,
                        ResourceProbe.NONE, ResourceProbe.NONE));
            }
        }
        Map<String, LoadRunner.Result> merged = new LinkedHashMap<>();
        slices.forEach((key, parts) -> merged.put(key, LoadRunner.Result.merge(parts)));
        return merged;
    }

    private Workload.Call addOnADaemon() {
        Daemon daemon = Daemon.builder().host(BenchmarkMain.HOST).port(0).start();
        toClose.add(daemon);
        daemon.register(new BenchServiceImpl(), "bench", BenchService.class);
        BenchService proxy = Pyro.proxy("PYRO:bench@" + BenchmarkMain.HOST + ":" + daemon.port(), BenchService.class,
                config);
        toClose.add(() -> Pyro.close(proxy));
        Workload.Call add = () -> {
            int a = ThreadLocalRandom.current().nextInt(1000);
            if (proxy.add(a, 1) != a + 1) {
                throw new IllegalStateException("add gave a wrong sum");
            }
        };
        return add;
    }

    private Setup setUp(String type, TestingServer zk) throws Exception {
        NameStore store = switch (type) {
            case "memory" -> new InMemoryNameStore();
            case "h2" -> JdbcNameStore.openFile(Files.createTempDirectory("pyro-bench-names").resolve("names"));
            default -> openZooKeeper(zk);
        };
        toClose.add(store);
        long t0 = System.nanoTime();
        preload(store, type.equals("zookeeper") ? PRELOAD_THREADS : 1);
        double preloadPerSecond = names / ((System.nanoTime() - t0) / 1e9);
        NameServerHost host = NameServerHost.builder().host(BenchmarkMain.HOST).port(0).broadcast(false).store(store)
                .leaseCheckPeriod(Duration.ofMinutes(10)).start();
        toClose.add(host);
        NameServerProxy ns = NameServerLocator.locate(BenchmarkMain.HOST, host.port(), config);
        toClose.add(ns);
        System.out.printf(Locale.ROOT, "   %-9s %,d names loaded (%s/s)%n", type, names, Format.count(preloadPerSecond));
        return new Setup(type, preloadPerSecond, ns);
    }

    private StoreResult measureStore(Setup setup, LoadRunner.Result lookup) {
        String type = setup.type();
        NameServerProxy ns = setup.ns();
        LoadRunner.Result lookupThroughput = throughput(() -> lookupOne(ns));
        String group = "bench.g42.";
        LoadRunner.Result list = latency(() -> {
            if (ns.list(group).size() != names / GROUPS) {
                throw new IllegalStateException("list(" + group + ") gave a wrong count");
            }
        });
        AtomicLong counter = new AtomicLong();
        Workload.Call register = () -> {
            long i = counter.getAndIncrement();
            ns.register("written.n" + i, PyroURI.parse("PYRO:w" + i + "@127.0.0.1:" + (1 + i % 60000)));
        };
        LoadRunner.Result registered = latency(register);
        LoadRunner.Result registeredThroughput = throughput(register);
        double removePerSecond = removeAll(ns, counter.get());
        System.out.printf(Locale.ROOT, "   %-9s lookup p50 %8s µs, %s lookups/s @%d; list p50 %s µs; register %s/s @1,"
                        + " %s/s @%d; remove %s/s%n", type, Format.micros(lookup.latency().percentile(0.5)),
                Format.count(lookupThroughput.callsPerSecond()), throughputCallers,
                Format.micros(list.latency().percentile(0.5)), Format.count(registered.callsPerSecond()),
                Format.count(registeredThroughput.callsPerSecond()), throughputCallers,
                Format.count(removePerSecond));
        return new StoreResult(type, setup.preloadPerSecond(), lookup, lookupThroughput, list, registered,
                registeredThroughput, removePerSecond);
    }

    private static ZooKeeperNameStore openZooKeeper(TestingServer zk) {
        return ZooKeeperNameStore.open(zk.getConnectString(), ROOT + "/" + System.nanoTime(),
                Duration.ofSeconds(30), Duration.ofSeconds(15));
    }

    private void preload(NameStore store, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < names; i += threads) {
                        store.put(NameEntry.object(name(i), uri(i), Set.of("t" + (i % 7))));
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String name(int i) {
        return "bench.g" + (i % GROUPS) + ".n" + i;
    }

    private static String uri(int i) {
        return "PYRO:o" + i + "@127.0.0.1:" + (1 + i % 60000);
    }

    private void lookupOne(NameServerProxy ns) {
        int i = ThreadLocalRandom.current().nextInt(names);
        if (!ns.lookup(name(i)).toString().equals(uri(i))) {
            throw new IllegalStateException("lookup of " + name(i) + " gave a wrong URI");
        }
    }

    /** Removes {@code written.n0 .. n(count-1)} one by one; returns removals per second. */
    private static double removeAll(NameServerProxy ns, long count) {
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            if (ns.remove("written.n" + i) != 1) {
                throw new IllegalStateException("written.n" + i + " was not there to remove");
            }
        }
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    /** p50, p99, max (ns) and count of the time from an acknowledged registration to its visibility elsewhere. */
    private long[] visibilityThroughASecondInstance(TestingServer zk) {
        String root = ROOT + "/visibility";
        List<NameServerProxy> proxies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ZooKeeperNameStore store = ZooKeeperNameStore.open(zk.getConnectString(), root, Duration.ofSeconds(30),
                    Duration.ofSeconds(15));
            toClose.add(store);
            NameServerHost host = NameServerHost.builder().host(BenchmarkMain.HOST).port(0).broadcast(false)
                    .store(store).leaseCheckPeriod(Duration.ofMinutes(10)).start();
            toClose.add(host);
            NameServerProxy ns = NameServerLocator.locate(BenchmarkMain.HOST, host.port(), config);
            toClose.add(ns);
            proxies.add(ns);
        }
        int count = options.quick() ? 50 : 500;
        LongSamples samples = new LongSamples();
        for (int i = 0; i < count; i++) {
            String name = "visible.n" + i;
            PyroURI uri = PyroURI.parse("PYRO:v" + i + "@127.0.0.1:" + (1 + i));
            proxies.get(0).register(name, uri);
            long t0 = System.nanoTime();
            while (!visible(proxies.get(1), name, uri)) {
                if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                    throw new BenchmarkException(name + " not visible through the second name server after 30 s",
                            null);
                }
            }
            samples.add(System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "   visibility through a second instance: p50 %s µs, p99 %s µs%n",
                Format.micros(samples.percentile(0.5)), Format.micros(samples.percentile(0.99)));
        return new long[]{samples.percentile(0.5), samples.percentile(0.99), samples.percentile(1.0), count};
    }

    private static boolean visible(NameServerProxy ns, String name, PyroURI uri) {
        try {
            return ns.lookup(name).equals(uri);
        } catch (NamingException notYet) {
            return false;
        }
    }

    /** Calls for the per-system warmup of the main table (JIT, connections) before anything is measured. */
    private void warmUp(Workload.Call call) {
        LoadRunner.run(call, throughputCallers, options.systemWarmup(), Duration.ZERO, 0, false,
                ResourceProbe.NONE, ResourceProbe.NONE, ResourceProbe.NONE);
    }

    private LoadRunner.Result latency(Workload.Call call) {
        return LoadRunner.run(call, 1, options.latencyWarmup(), options.latencyMeasure(),
                MIN_LATENCY_SAMPLES, true, ResourceProbe.NONE, ResourceProbe.NONE, ResourceProbe.NONE);
    }

    private LoadRunner.Result throughput(Workload.Call call) {
        return LoadRunner.run(call, throughputCallers, options.throughputWarmup(),
                options.throughputMeasure(), throughputCallers, false, ResourceProbe.NONE, ResourceProbe.NONE,
                ResourceProbe.NONE);
    }

    private void closeAll() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + toClose.get(i) + ": " + e);
            }
        }
    }
}
