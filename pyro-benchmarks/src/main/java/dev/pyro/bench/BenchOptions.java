package dev.pyro.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link BenchmarkMain}, parsed by hand: {@code --name} flags and {@code --name=value} options.
 *
 * @param quick             the short mode
 * @param systems           systems to run, in table order
 * @param workloads         workloads to run
 * @param callerCounts      concurrent caller counts of the throughput runs
 * @param idleConnections   idle connections to hold on each server that supports it (0: skip)
 * @param idleSystems       systems whose server gets the idle-connection test
 * @param systemWarmup      calls of every workload before anything on a system is measured
 * @param latencyWarmup     warmup before each 1-caller latency window
 * @param latencyMeasure    each latency window, over all its rounds
 * @param latencyRounds     rounds the latency window is cut into, each giving every system one slice
 * @param latencySliceWarmup warmup before each slice of a latency window
 * @param throughputWarmup  warmup before each throughput window
 * @param throughputMeasure each throughput window
 * @param out               where the markdown report goes
 * @param profile           run the JFR profile instead of the table
 * @param profileWorkload   workload of the profile run
 * @param profileCallers    callers of the profile run
 * @param profileDuration   length of the recorded window
 * @param help              print usage and exit
 * @param nameServer        run the name-server workloads instead of the table
 * @param nameServerNames   names the name server holds in those workloads
 */
record BenchOptions(boolean quick, List<String> systems, List<Workload> workloads, List<Integer> callerCounts,
                    int idleConnections, List<String> idleSystems, Duration systemWarmup, Duration latencyWarmup,
                    Duration latencyMeasure, int latencyRounds, Duration latencySliceWarmup, Duration throughputWarmup, Duration throughputMeasure, Path out,
                    boolean profile, Workload profileWorkload, int profileCallers, Duration profileDuration,
                    boolean help, boolean nameServer, int nameServerNames) {

    /** Most idle connections the harness opens on one server (the bench daemons admit that many). */
    static final int MAX_IDLE_CONNECTIONS = 20_000;

    static final String USAGE = """
            usage: bin/bench [--quick | --full] [options]
              --quick                  short windows, finishes in under 3 minutes
              --full                   the report's windows, about 15 minutes (default)
              --systems=a,b,...        systems to run (default: all) from: %s
              --workloads=a,b,...      workloads (default: all) from: add, echo, pojo, bytes
              --callers=16,64          concurrent callers of the throughput runs
              --idle-connections=N     idle connections to hold on one server (default 10000, --quick 2000;
                                       0 skips; at most 20000)
              --idle-systems=a,b,...   systems that get the idle test (default: pyro-msgpack, the msgpack
                                       system of the other server type, grpc, tcp)
              --warmup-ms=N            overrides every warmup window
              --measure-ms=N           overrides every measured window
              --out=FILE               markdown report (default: pyro-benchmarks/target/benchmarks.md)
              --profile                record a JFR profile of one throughput run per system instead
              --profile-workload=W     workload of the profile (default: pojo)
              --profile-callers=N      callers of the profile (default: 64)
              --profile-seconds=N      recorded seconds of the profile (default: 30)
              --nameserver             the name-server workloads instead (memory, H2 and ZooKeeper stores;
                                       markdown to pyro-benchmarks/target/nameserver.md unless --out is given)
              --ns-names=N             names the name server holds (default 100000; 10000 with --quick)
            """;

    static BenchOptions parse(String[] args, List<String> knownSystems, Path defaultOut) {
        boolean quick = false;
        boolean help = false;
        boolean profile = false;
        List<String> systems = knownSystems;
        List<Workload> workloads = List.of(Workload.values());
        List<Integer> callers = List.of(16, 64);
        Integer idleGiven = null;
        List<String> idleSystems = List.of("pyro-msgpack", PyroSystem.otherTypeName(), Systems.GRPC, Systems.TCP);
        Long warmupMs = null;
        Long measureMs = null;
        Path out = defaultOut;
        Workload profileWorkload = Workload.POJO;
        int profileCallers = 64;
        int profileSeconds = 30;
        boolean nameServer = false;
        Integer nameServerNames = null;
        boolean outGiven = false;
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (name) {
                case "--quick" -> quick = true;
                case "--full" -> quick = false;
                case "--help", "-h" -> help = true;
                case "--profile" -> profile = true;
                case "--systems" -> systems = split(value).stream().map(s -> checkSystem(s, knownSystems)).toList();
                case "--workloads" -> workloads = split(value).stream().map(Workload::byId).toList();
                case "--callers" -> callers = split(value).stream().map(Integer::parseInt).toList();
                case "--idle-connections" -> idleGiven = Integer.parseInt(value);
                case "--idle-systems" -> idleSystems = split(value);
                case "--warmup-ms" -> warmupMs = Long.parseLong(value);
                case "--measure-ms" -> measureMs = Long.parseLong(value);
                case "--out" -> {
                    out = Path.of(value);
                    outGiven = true;
                }
                case "--nameserver" -> nameServer = true;
                case "--ns-names" -> nameServerNames = Integer.parseInt(value);
                case "--profile-workload" -> profileWorkload = Workload.byId(value);
                case "--profile-callers" -> profileCallers = Integer.parseInt(value);
                case "--profile-seconds" -> profileSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n"
                        + USAGE.formatted(knownSystems));
            }
        }
        int idle = idleGiven != null ? idleGiven : quick ? 2000 : 10_000;
        if (idle < 0 || idle > MAX_IDLE_CONNECTIONS) {
            throw new IllegalArgumentException("--idle-connections=" + idle + ": between 0 and " + MAX_IDLE_CONNECTIONS
                    + " (the bench daemons admit that many)");
        }
        Duration systemWarmup = Duration.ofMillis(quick ? 2000 : 16000);
        Duration latencyWarmup = Duration.ofMillis(warmupMs != null ? warmupMs : quick ? 300 : 3000);
        Duration latencyMeasure = Duration.ofMillis(measureMs != null ? measureMs : quick ? 600 : 5000);
        Duration throughputWarmup = Duration.ofMillis(warmupMs != null ? warmupMs : quick ? 200 : 2000);
        Duration throughputMeasure = Duration.ofMillis(measureMs != null ? measureMs : quick ? 500 : 5000);
        int latencyRounds = quick ? 3 : 10;
        Duration latencySliceWarmup = Duration.ofMillis(quick ? 50 : 200);
        if (nameServer && !outGiven) {
            out = defaultOut.resolveSibling("nameserver.md");
        }
        int names = nameServerNames != null ? nameServerNames : quick ? 10_000 : 100_000;
        return new BenchOptions(quick, systems, workloads, callers, idle, idleSystems, systemWarmup,
                latencyWarmup, latencyMeasure, latencyRounds, latencySliceWarmup, throughputWarmup, throughputMeasure, out, profile, profileWorkload,
                profileCallers, Duration.ofSeconds(profileSeconds), help, nameServer, names);
    }

    private static String checkSystem(String name, List<String> known) {
        if (!known.contains(name)) {
            throw new IllegalArgumentException("unknown system '" + name + "', known: " + known);
        }
        return name;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
