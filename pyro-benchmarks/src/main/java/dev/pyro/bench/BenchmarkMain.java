package dev.pyro.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark's command line: starts each system's server in its own JVM on 127.0.0.1, measures every workload
 * from this JVM (1-caller latency, then throughput with N callers sharing one client), holds many idle
 * connections on the servers that allow it, and prints one table with ratios to Java RMI and to raw TCP.
 * With {@code --profile} it records a JFR profile of one throughput run instead. See {@link BenchOptions#USAGE}.
 */
public final class BenchmarkMain {

    /** Options of every child JVM, identical for all systems. */
    static final List<String> CHILD_JVM_OPTIONS = List.of("-Xms512m", "-Xmx2g", "-XX:+UseParallelGC");
    static final String HOST = "127.0.0.1";
    private static final int IDLE_OPENERS = 8;
    /** The latency window lasts until it has at least this many calls, however slow they are. */
    private static final int MIN_LATENCY_SAMPLES = 20;
    /** A window in which other processes took more of the machine's CPU than this is measured again. */
    private static final double DISTURBED_SHARE = 0.10;
    private static final int MAX_ATTEMPTS_FULL = 3;
    private static final String LEGEND = "p50/p99: 1 caller, µs. calls/s @N: N threads sharing one proxy/stub/channel."
            + " \"p50 vs X\" = p50 / X's p50 (below 1 is faster); \"@N vs X\" = calls/s / X's calls/s (above 1 is"
            + " faster). \"others' CPU\": the largest share of the machine's CPU that other processes used in a"
            + " measured window of the row.";

    private final BenchOptions options;
    private final Path outputDir;
    /** Why the Python Pyro5 rows are missing, when they are. */
    private String pythonSkipped = "";
    private final ResourceProbe clientProbe = ResourceProbe.thisJvm();

    private BenchmarkMain(BenchOptions options, Path outputDir) {
        this.options = options;
        this.outputDir = outputDir;
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@link BenchOptions#USAGE}
     * @throws Exception if the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        List<String> known = Systems.all().stream().map(BenchSystem::name).toList();
        Path outputDir = defaultOutputDir();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, known, outputDir.resolve("benchmarks.md"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.USAGE.formatted(known));
            return;
        }
        BenchmarkMain main = new BenchmarkMain(options, outputDir);
        boolean ok = options.nameServer() ? NameServerBench.run(options, main.header(), options.out())
                : options.profile() ? main.profile(args) : main.measureAll();
        System.exit(ok ? 0 : 1);
    }

    private int maxAttempts() {
        return options.quick() ? 1 : MAX_ATTEMPTS_FULL;
    }

    /** One system under test: its server JVM and the one client that all callers share. */
    private record Session(BenchSystem system, ChildServer child, BenchClient client) {

        String name() {
            return system.name();
        }

        void close() {
            try {
                client.close();
            } finally {
                child.close();
            }
        }
    }

    private boolean measureAll() throws IOException {
        long started = System.nanoTime();
        String header = header();
        System.out.print(header);
        List<Measurement> measurements = new ArrayList<>();
        List<IdleConnections> idle = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        try {
            System.out.printf(Locale.ROOT, "%n== starting every server in its own JVM, warming each up%n");
            for (String name : options.systems()) {
                startSession(name, failures).ifPresent(sessions::add);
            }
            Set<Long> ownProcesses = new HashSet<>();
            ownProcesses.add(ProcessHandle.current().pid());
            sessions.forEach(s -> ownProcesses.add(s.child().pid()));
            ResourceProbe others = new OtherProcessesProbe(ownProcesses);
            Map<String, Map<Workload, LoadRunner.Result>> latency = new HashMap<>();
            for (Workload workload : options.workloads()) {
                System.out.printf(Locale.ROOT, "%n== latency of %s: 1 caller, %d rounds over all systems%n",
                        workload.id(), options.latencyRounds());
                for (Map.Entry<Session, LoadRunner.Result> e
                        : interleavedLatency(workload, sessions, others, failures).entrySet()) {
                    latency.computeIfAbsent(e.getKey().name(), k -> new HashMap<>()).put(workload, e.getValue());
                    System.out.printf(Locale.ROOT, "   %-13s p50 %8s µs  p99 %8s µs%n", e.getKey().name(),
                            Format.micros(e.getValue().latency().percentile(0.5)),
                            Format.micros(e.getValue().latency().percentile(0.99)));
                }
            }
            for (Session session : List.copyOf(sessions)) {
                System.out.printf(Locale.ROOT, "%n== throughput of %s%n", session.name());
                try {
                    for (Workload workload : options.workloads()) {
                        Map<Integer, LoadRunner.Result> throughput = throughputUndisturbed(session, workload, others);
                        Measurement m = new Measurement(session.name(), workload,
                                latency.get(session.name()).get(workload), throughput);
                        measurements.add(m);
                        System.out.printf(Locale.ROOT, "   %-6s%s%n", workload.id(), throughputSummary(m));
                    }
                    if (options.idleConnections() > 0 && options.idleSystems().contains(session.name())
                            && session.system().supportsIdleConnections()) {
                        IdleConnections result = holdIdleConnections(session.system(), session.child(),
                                options.idleConnections());
                        idle.add(result);
                        System.out.printf(Locale.ROOT,
                                "   %,d idle connections: server heap %s -> %s, threads %d -> %d%n",
                                result.connections(), Format.mebibytes(result.before().heapUsedBytes()),
                                Format.mebibytes(result.after().heapUsedBytes()), result.before().threads(),
                                result.after().threads());
                    }
                } catch (Exception | AssertionError e) {
                    fail(session, e, failures);
                    sessions.remove(session);
                }
            }
        } finally {
            sessions.forEach(Session::close);
        }
        TextTable python = pythonRows(failures);
        Report report = new Report(measurements, idle, options.callerCounts());
        double minutes = (System.nanoTime() - started) / 60e9;
        System.out.println();
        System.out.println(report.mainTable().text());
        System.out.println(LEGEND);
        System.out.println(othersNote(report));
        System.out.println();
        System.out.println("1 MiB call, transfer rate:");
        System.out.println(report.transferTable().text());
        System.out.println("CPU time and allocation per call (client = this JVM, server = the server's JVM):");
        System.out.println(report.resourcesTable().text());
        if (!idle.isEmpty()) {
            System.out.println("Idle connections:");
            System.out.println(report.idleTable().text());
        }
        System.out.println("Python Pyro5 (1 caller, msgpack):");
        System.out.println(python.isEmpty() ? pythonSkipped : python.text());
        TextTable targets = report.targetsTable();
        if (!targets.isEmpty()) {
            System.out.println("Targets (issue 4):");
            System.out.println(targets.text());
        }
        failures.forEach(f -> System.out.println("FAILED " + f));
        System.out.printf(Locale.ROOT, "Run took %.1f minutes.%n", minutes);
        writeMarkdown(header, report, python, failures, minutes);
        System.out.println("Markdown report: " + options.out().toAbsolutePath());
        return failures.isEmpty();
    }

    private Optional<Session> startSession(String name, List<String> failures) {
        BenchSystem system = Systems.byName(name);
        ChildServer child = null;
        try {
            child = ChildServer.start(name, CHILD_JVM_OPTIONS, logFile(name));
            Session session = new Session(system, child, system.connect(HOST, child.port()));
            try {
                warmUp(session.client());
            } catch (RuntimeException | AssertionError e) {
                session.close();
                throw e;
            }
            System.out.printf(Locale.ROOT, "   %-13s port %d%n", name, child.port());
            return Optional.of(session);
        } catch (Exception | AssertionError e) {
            if (child != null) {
                child.close();
            }
            String message = name + ": " + e + (e.getCause() != null ? " (cause: " + e.getCause() + ")" : "");
            failures.add(message);
            System.out.println("   FAILED " + message + " - server log: " + logFile(name));
            return Optional.empty();
        }
    }

    private void fail(Session session, Throwable e, List<String> failures) {
        String message = session.name() + ": " + e + (e.getCause() != null ? " (cause: " + e.getCause() + ")" : "");
        failures.add(message);
        System.out.println("   FAILED " + message + " - server log: " + logFile(session.name()));
        session.close();
    }

    /**
     * Runs every workload with 1 caller and with 16 before anything is measured, so that the first measured
     * workload does not pay for class loading and JIT compilation of the paths the others share.
     */
    private void warmUp(BenchClient client) {
        Duration each = options.systemWarmup().dividedBy(2L * Math.max(1, options.workloads().size()));
        for (Workload workload : options.workloads()) {
            for (int callers : new int[] {1, 16}) {
                LoadRunner.run(workload.bind(client), callers, each, Duration.ZERO, 0, false,
                        ResourceProbe.NONE, ResourceProbe.NONE, ResourceProbe.NONE);
            }
        }
    }

    /**
     * Measures the 1-caller latency of one workload on all systems in turns: after a warmup of each, the
     * latency window is cut into rounds, and every round gives each system one slice, starting with a different
     * system each round. Whatever the machine does meanwhile (other load, host scheduling, power states) thus
     * falls on all systems alike instead of on whichever was measured at the time. A slice disturbed by other
     * processes is measured again, up to {@link #MAX_ATTEMPTS_FULL} times (once in the quick mode).
     */
    private Map<Session, LoadRunner.Result> interleavedLatency(Workload workload, List<Session> sessions,
                                                               ResourceProbe others, List<String> failures) {
        Map<Session, List<LoadRunner.Result>> slices = new LinkedHashMap<>();
        for (Session session : List.copyOf(sessions)) {
            try {
                LoadRunner.run(workload.bind(session.client()), 1, options.latencyWarmup(), Duration.ZERO, 0,
                        false, ResourceProbe.NONE, ResourceProbe.NONE, ResourceProbe.NONE);
                slices.put(session, new ArrayList<>());
            } catch (RuntimeException | AssertionError e) {
                fail(session, e, failures);
                sessions.remove(session);
            }
        }
        int rounds = options.latencyRounds();
        Duration slice = options.latencyMeasure().dividedBy(rounds);
        long minCallsPerSlice = (MIN_LATENCY_SAMPLES + rounds - 1) / rounds;
        List<Session> order = new ArrayList<>(slices.keySet());
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < order.size(); i++) {
                Session session = order.get((i + round) % order.size());
                if (!sessions.contains(session)) {
                    continue;
                }
                try {
                    LoadRunner.Result best = null;
                    for (int attempt = 1; attempt <= maxAttempts(); attempt++) {
                        LoadRunner.Result r = LoadRunner.run(workload.bind(session.client()), 1,
                                options.latencySliceWarmup(), slice, minCallsPerSlice, true, clientProbe,
                                session.child()::startWindow, others);
                        if (best == null || r.otherCpuShare() < best.otherCpuShare()) {
                            best = r;
                        }
                        if (!(r.otherCpuShare() > DISTURBED_SHARE)) {
                            break;
                        }
                    }
                    slices.get(session).add(best);
                } catch (RuntimeException | AssertionError e) {
                    fail(session, e, failures);
                    sessions.remove(session);
                }
            }
        }
        Map<Session, LoadRunner.Result> merged = new LinkedHashMap<>();
        slices.forEach((session, parts) -> {
            if (sessions.contains(session)) {
                merged.put(session, LoadRunner.Result.merge(parts));
            }
        });
        return merged;
    }

    /**
     * Measures the throughput of a workload again, up to {@link #MAX_ATTEMPTS_FULL} times (not in the quick
     * mode), while other processes took more than {@link #DISTURBED_SHARE} of the machine's CPU in one of its
     * windows; keeps the least disturbed attempt.
     */
    private Map<Integer, LoadRunner.Result> throughputUndisturbed(Session session, Workload workload,
                                                                  ResourceProbe others) {
        Map<Integer, LoadRunner.Result> best = null;
        double bestShare = Double.NaN;
        for (int attempt = 1; attempt <= maxAttempts(); attempt++) {
            Map<Integer, LoadRunner.Result> throughput = new LinkedHashMap<>();
            double share = Double.NaN;
            for (int callers : options.callerCounts()) {
                // a window lasts until every caller could have completed a call, however slow the calls are
                LoadRunner.Result r = LoadRunner.run(workload.bind(session.client()), callers,
                        options.throughputWarmup(), options.throughputMeasure(), callers, false, clientProbe,
                        session.child()::startWindow, others);
                throughput.put(callers, r);
                share = Double.isNaN(share) ? r.otherCpuShare() : Math.max(share, r.otherCpuShare());
            }
            if (best == null || share < bestShare) {
                best = throughput;
                bestShare = share;
            }
            if (!(share > DISTURBED_SHARE)) {
                break;
            }
            System.out.printf(Locale.ROOT, "   %-6s disturbed: other processes took %s of the CPU%s%n", workload.id(),
                    Format.percent(share), attempt < maxAttempts() ? ", measuring again" : "");
        }
        return best;
    }

    private String throughputSummary(Measurement m) {
        StringBuilder out = new StringBuilder();
        m.throughput().forEach((callers, r) -> out.append(String.format(Locale.ROOT, "  @%d %10s/s",
                callers, Format.count(r.callsPerSecond()))));
        return out.toString();
    }

    private static IdleConnections holdIdleConnections(BenchSystem system, ChildServer child, int count)
            throws Exception {
        ChildServer.Stats before = child.stats();
        int clientThreadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<AutoCloseable> open = Collections.synchronizedList(new ArrayList<>(count));
        ExecutorService openers = Executors.newFixedThreadPool(IDLE_OPENERS);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> batches = new ArrayList<>();
            for (int t = 0; t < IDLE_OPENERS; t++) {
                int share = count / IDLE_OPENERS + (t < count % IDLE_OPENERS ? 1 : 0);
                batches.add(openers.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        open.add(system.openIdleConnection(HOST, child.port()));
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            openers.shutdown();
            openers.awaitTermination(10, TimeUnit.SECONDS);
            ChildServer.Stats after = child.stats();
            int clientThreadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            return new IdleConnections(system.name(), open.size(), seconds, before, after, clientThreadsBefore,
                    clientThreadsAfter);
        } catch (ExecutionException e) {
            throw new BenchmarkException("could not open " + count + " connections: " + e.getCause(), e.getCause());
        } finally {
            openers.shutdownNow();
            synchronized (open) {
                for (AutoCloseable connection : open) {
                    try {
                        connection.close();
                    } catch (Exception e) {
                        // closing anyway
                    }
                }
            }
        }
    }

    private boolean profile(String[] args) throws IOException {
        List<String> systems = Stream.of(args).anyMatch(a -> a.startsWith("--systems="))
                ? options.systems() : List.of("pyro-msgpack");
        Path jfrDir = outputDir.resolve("jfr");
        Files.createDirectories(jfrDir);
        List<String> jvmOptions = new ArrayList<>(CHILD_JVM_OPTIONS);
        jvmOptions.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
        Workload workload = options.profileWorkload();
        int callers = options.profileCallers();
        boolean ok = true;
        StringBuilder markdown = new StringBuilder(header());
        for (String name : systems) {
            BenchSystem system = Systems.byName(name);
            String stem = name + "-" + workload.id() + "-" + callers;
            Path serverFile = jfrDir.resolve(stem + "-server.jfr");
            Path clientFile = jfrDir.resolve(stem + "-client.jfr");
            System.out.printf(Locale.ROOT, "%n== profiling %s, %s with %d callers for %d s%n", name, workload.id(),
                    callers, options.profileDuration().toSeconds());
            try (ChildServer child = ChildServer.start(name, jvmOptions, logFile(name));
                 BenchClient client = system.connect(HOST, child.port())) {
                Workload.Call call = workload.bind(client);
                LoadRunner.run(call, callers, options.systemWarmup(), Duration.ZERO, 0, false,
                        ResourceProbe.NONE, ResourceProbe.NONE, ResourceProbe.NONE);
                long callsBefore = child.callsServed();
                child.startRecording(serverFile);
                LoadRunner.Result result;
                try (var clientRecording = ServerMain.startRecording(clientFile)) {
                    result = LoadRunner.run(call, callers, Duration.ZERO, options.profileDuration(), 0, false,
                            clientProbe, child::startWindow, ResourceProbe.NONE);
                    clientRecording.stop();
                }
                child.stopRecording();
                long calls = child.callsServed() - callsBefore;
                String section = String.format(Locale.ROOT,
                        "%n### Profile: %s, %s, %d callers, %d s%n%n%s calls/s; measured by thread counters: "
                                + "%s bytes allocated per call in the client JVM, %s in the server JVM.%n%n",
                        name, workload.description(), callers, options.profileDuration().toSeconds(),
                        Format.count(result.callsPerSecond()), Format.count(result.client().bytes()),
                        Format.count(result.server().bytes()))
                        + JfrSummary.summarize(serverFile, "Server JVM (" + name + ")", calls, 15) + "\n"
                        + JfrSummary.summarize(clientFile, "Client JVM (" + name + ")", calls, 15);
                System.out.println(section);
                markdown.append(section);
            } catch (Exception | AssertionError e) {
                ok = false;
                System.out.println("   FAILED " + name + ": " + e + " - server log: " + logFile(name));
            }
        }
        Path out = outputDir.resolve("profile-" + workload.id() + ".md");
        Files.writeString(out, markdown.toString(), StandardCharsets.UTF_8);
        System.out.println("Markdown profile: " + out.toAbsolutePath() + "; recordings in " + jfrDir.toAbsolutePath());
        return ok;
    }

    private static String othersNote(Report report) {
        double others = report.maxOtherCpuShare();
        if (Double.isNaN(others)) {
            return "Other processes' CPU use was not measured (no /proc).";
        }
        return others > 0.05
                ? String.format(Locale.ROOT, "WARNING: other processes took up to %s of the machine's CPU during a "
                        + "measured window (column \"others' CPU\"): those rows are disturbed; rerun on a quiet "
                        + "machine.", Format.percent(others))
                : String.format(Locale.ROOT, "Other processes took at most %s of the machine's CPU in any measured "
                        + "window.", Format.percent(others));
    }

    /**
     * The Python Pyro5 rows (see {@link PythonPyro5}), measured after the other systems against a fresh
     * {@code pyro-msgpack} server; an empty table (and {@link #pythonSkipped} saying why) when Python Pyro5 is
     * missing or the environment variable {@code BENCH_PYTHON} is {@code 0}.
     */
    private TextTable pythonRows(List<String> failures) {
        PythonPyro5 py = new PythonPyro5(PythonPyro5.defaultLocation(), outputDir.resolve("python"), options.quick());
        Optional<String> missing = !"0".equals(System.getenv("BENCH_PYTHON"))
                ? py.missing() : Optional.of("turned off (BENCH_PYTHON=0)");
        if (missing.isPresent()) {
            pythonSkipped = "skipped: " + missing.get();
            System.out.printf(Locale.ROOT, "%n== Python Pyro5 rows %s%n", pythonSkipped);
            return PythonPyro5.table(List.of());
        }
        System.out.printf(Locale.ROOT, "%n== Python Pyro5 rows: python -> python, python -> java, java -> python%n");
        List<Workload> workloads = options.workloads();
        try (ChildServer java = ChildServer.start("pyro-msgpack", CHILD_JVM_OPTIONS, logFile("pyro-msgpack-for-python"))) {
            // the Java daemon gets the same warmup as in the main measurement (a Python client is too slow to warm it)
            try (BenchClient warm = Systems.byName("pyro-msgpack").connect(HOST, java.port())) {
                warmUp(warm);
            }
            return PythonPyro5.table(py.measure(workloads, java.port()));
        } catch (Exception e) {
            pythonSkipped = "failed: " + e.getMessage();
            failures.add("Python Pyro5 rows: " + e.getMessage());
            return PythonPyro5.table(List.of());
        }
    }

    private void writeMarkdown(String header, Report report, TextTable python, List<String> failures,
                               double minutes) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## Results\n\n```\n").append(header).append("```\n\n");
        md.append(report.mainTable().markdown()).append('\n');
        md.append(LEGEND).append("\n").append(othersNote(report)).append("\n\n");
        md.append("### 1 MiB call: transfer rate\n\n").append(report.transferTable().markdown()).append('\n');
        md.append("### CPU time and allocation per call\n\n")
                .append("Process CPU time (all threads, JIT and GC included) and bytes allocated by live threads, ")
                .append("divided by the calls of the window, in the calling JVM (client) and the server's JVM.\n\n")
                .append(report.resourcesTable().markdown()).append('\n');
        TextTable idle = report.idleTable();
        if (!idle.isEmpty()) {
            md.append("### Idle connections\n\n").append(idle.markdown()).append('\n');
        }
        md.append("### Python Pyro5 (1 caller, msgpack)\n\n")
                .append(python.isEmpty() ? pythonSkipped + "\n" : python.markdown()).append('\n');
        TextTable targets = report.targetsTable();
        if (!targets.isEmpty()) {
            md.append("### Targets\n\n").append(targets.markdown()).append('\n');
        }
        if (!failures.isEmpty()) {
            md.append("### Failures\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }
        md.append(String.format(Locale.ROOT, "The run took %.1f minutes.%n", minutes));
        Path out = options.out();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    String header() {
        Runtime runtime = Runtime.getRuntime();
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return String.format(Locale.ROOT,
                "Pyro for Java benchmarks, %s mode, %s, revision %s%n"
                        + "machine: %d cores%s, %s RAM, %s %s (%s)%n"
                        + "JDK: %s %s%n"
                        + "server JVMs: %s; all on 127.0.0.1, one JVM per server%n"
                        + "windows: per system warmup %d ms; per workload warmup %d ms + latency %d ms (1 caller, in %d "
                        + "rounds over all systems), warmup %d ms + throughput %d ms (callers %s)%n"
                        + "one thread waking another (park/unpark ping-pong) takes %s µs here (median)%n",
                options.quick() ? "quick" : "full",
                ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                System.getProperty("pyro.bench.revision", "unknown"),
                runtime.availableProcessors(), cpuModel(), memory > 0 ? Format.decimal(memory / (double) (1L << 30), 1) + " GiB"
                        : "?", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), String.join(" ", CHILD_JVM_OPTIONS),
                options.systemWarmup().toMillis(), options.latencyWarmup().toMillis(),
                options.latencyMeasure().toMillis(), options.latencyRounds(), options.throughputWarmup().toMillis(),
                options.throughputMeasure().toMillis(), options.callerCounts(),
                Format.micros(HandoffProbe.medianHandoffNanos(20_000)));
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")")
                    .findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private Path logFile(String system) {
        return outputDir.resolve("bench-logs").resolve(system + "-server.log");
    }

    /** The module's target directory when run from its jar or classes, else the working directory. */
    private static Path defaultOutputDir() {
        try {
            Path location = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent() != null ? location.getParent() : Path.of(".");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(".");
        }
    }
}
