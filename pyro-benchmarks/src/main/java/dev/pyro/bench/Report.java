package dev.pyro.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the measurements of one run into the report's tables: the main table with ratios to RMI and raw TCP,
 * the 1 MiB transfer rates, allocation per call, the idle-connection test and the targets of issue 4.
 */
final class Report {

    private static final double MIB = 1 << 20;

    private final List<Measurement> measurements;
    private final List<IdleConnections> idle;
    private final List<Integer> callerCounts;
    private final int ratioCallers;

    Report(List<Measurement> measurements, List<IdleConnections> idle, List<Integer> callerCounts) {
        this.measurements = List.copyOf(measurements);
        this.idle = List.copyOf(idle);
        this.callerCounts = List.copyOf(callerCounts);
        this.ratioCallers = callerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** Rows system x workload: latency, throughput, and ratios to RMI and TCP. */
    TextTable mainTable() {
        List<String> headers = new ArrayList<>(List.of("system", "workload", "p50 µs", "p99 µs"));
        callerCounts.forEach(n -> headers.add("calls/s @" + n));
        headers.addAll(List.of("p50 vs RMI", "p50 vs TCP", "@" + ratioCallers + " vs RMI", "@" + ratioCallers + " vs TCP",
                "others' CPU"));
        TextTable table = new TextTable(2, headers.toArray(String[]::new));
        for (Measurement m : measurements) {
            List<String> cells = new ArrayList<>(List.of(m.system(), m.workload().id(),
                    Format.micros(m.p50Nanos()), Format.micros(m.p99Nanos())));
            callerCounts.forEach(n -> cells.add(Format.count(m.callsPerSecond(n))));
            cells.add(Format.ratio(latencyRatio(m, Systems.RMI)));
            cells.add(Format.ratio(latencyRatio(m, Systems.TCP)));
            cells.add(Format.ratio(throughputRatio(m, Systems.RMI)));
            cells.add(Format.ratio(throughputRatio(m, Systems.TCP)));
            double others = m.maxOtherCpuShare();
            cells.add(Double.isNaN(others) ? Format.NOT_AVAILABLE : Format.percent(others));
            table.row(cells.toArray(String[]::new));
        }
        return table;
    }

    /** GB/s moved by the 1 MiB call: 1 caller (1 MiB / p50) and each caller count (calls/s x 1 MiB). */
    TextTable transferTable() {
        List<String> headers = new ArrayList<>(List.of("system", "1 caller (1 MiB / p50)"));
        callerCounts.forEach(n -> headers.add(n + " callers"));
        TextTable table = new TextTable(headers.toArray(String[]::new));
        for (Measurement m : measurements) {
            if (m.workload() != Workload.BYTES) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(m.system(), Format.gigabytesPerSecond(singleCallRate(m))));
            callerCounts.forEach(n -> cells.add(Format.gigabytesPerSecond(m.callsPerSecond(n) * MIB)));
            table.row(cells.toArray(String[]::new));
        }
        return table;
    }

    /**
     * CPU time and allocation per call in the caller's and the server's JVM, with 1 caller and with the most
     * callers: what each call costs apart from waiting.
     */
    TextTable resourcesTable() {
        String n = "@" + ratioCallers;
        TextTable table = new TextTable(2, "system", "workload", "client CPU µs @1", "server CPU µs @1",
                "client CPU µs " + n, "server CPU µs " + n, "client B/call " + n, "server B/call " + n);
        for (Measurement m : measurements) {
            LoadRunner.Result most = m.throughput().get(ratioCallers);
            LoadRunner.PerCall client = most == null ? LoadRunner.PerCall.UNKNOWN : most.client();
            LoadRunner.PerCall server = most == null ? LoadRunner.PerCall.UNKNOWN : most.server();
            table.row(m.system(), m.workload().id(),
                    Format.cpuMicros(m.latency().client().cpuMicros()), Format.cpuMicros(m.latency().server().cpuMicros()),
                    Format.cpuMicros(client.cpuMicros()), Format.cpuMicros(server.cpuMicros()),
                    Format.count(client.bytes()), Format.count(server.bytes()));
        }
        return table;
    }

    /** The idle-connection test of each system that had one. */
    TextTable idleTable() {
        TextTable table = new TextTable("system", "connections", "open s", "server heap before", "server heap after",
                "heap per conn", "server threads before", "server threads after", "client threads added");
        for (IdleConnections i : idle) {
            table.row(i.system(), Format.count(i.connections()), Format.decimal(i.openSeconds(), 1),
                    Format.mebibytes(i.before().heapUsedBytes()), Format.mebibytes(i.after().heapUsedBytes()),
                    Format.kibibytes(i.heapBytesPerConnection()), Integer.toString(i.before().threads()),
                    Integer.toString(i.after().threads()),
                    Integer.toString(i.clientThreadsAfter() - i.clientThreadsBefore()));
        }
        return table;
    }

    /** Issue 4's targets, one row each, one column per Pyro system: the measured ratio and met or missed. */
    TextTable targetsTable() {
        List<String> pyroSystems = measurements.stream().map(Measurement::system)
                .filter(s -> s.startsWith("pyro")).distinct().toList();
        List<String> headers = new ArrayList<>(List.of("target"));
        headers.addAll(pyroSystems);
        TextTable table = new TextTable(headers.toArray(String[]::new));
        if (pyroSystems.isEmpty()) {
            return table;
        }
        addLatencyTarget(table, pyroSystems, Workload.ADD, 1.0);
        addLatencyTarget(table, pyroSystems, Workload.ECHO, 1.0);
        addLatencyTarget(table, pyroSystems, Workload.POJO, 0.9);
        for (Workload w : List.of(Workload.ADD, Workload.ECHO, Workload.POJO)) {
            addThroughputTarget(table, pyroSystems, w, Systems.RMI, "RMI", 1.3);
        }
        for (Workload w : List.of(Workload.ADD, Workload.ECHO, Workload.POJO)) {
            addThroughputTarget(table, pyroSystems, w, Systems.GRPC, "gRPC", 3.0);
        }
        List<String> cells = new ArrayList<>(List.of("bytes: 1 MiB call moves >= 1 GB/s (1 caller)"));
        for (String system : pyroSystems) {
            cells.add(find(system, Workload.BYTES)
                    .map(m -> atLeast(singleCallRate(m) / 1e9, 1.0, Format.gigabytesPerSecond(singleCallRate(m))))
                    .orElse(Format.NOT_AVAILABLE));
        }
        table.row(cells.toArray(String[]::new));
        return table;
    }

    private void addLatencyTarget(TextTable table, List<String> systems, Workload w, double limit) {
        List<String> cells = new ArrayList<>();
        cells.add(w.id() + ": p50 <= " + Format.decimal(limit, 1) + " x RMI");
        for (String system : systems) {
            cells.add(find(system, w).map(m -> atMost(latencyRatio(m, Systems.RMI), limit))
                    .orElse(Format.NOT_AVAILABLE));
        }
        table.row(cells.toArray(String[]::new));
    }

    private void addThroughputTarget(TextTable table, List<String> systems, Workload w, String baseline,
                                     String label, double minimum) {
        List<String> cells = new ArrayList<>();
        cells.add(w.id() + ": calls/s @" + ratioCallers + " >= " + Format.decimal(minimum, 1) + " x " + label);
        for (String system : systems) {
            cells.add(find(system, w).map(m -> atLeast(throughputRatio(m, baseline), minimum,
                    Format.ratio(throughputRatio(m, baseline)))).orElse(Format.NOT_AVAILABLE));
        }
        table.row(cells.toArray(String[]::new));
    }

    private static String atMost(double value, double limit) {
        if (Double.isNaN(value)) {
            return Format.NOT_AVAILABLE;
        }
        String shown = Format.ratio(value);
        return value <= limit ? shown + " met" : shown + " missed by " + Format.percent(value / limit - 1);
    }

    private static String atLeast(double value, double minimum, String shown) {
        if (Double.isNaN(value)) {
            return Format.NOT_AVAILABLE;
        }
        return value >= minimum ? shown + " met" : shown + " missed by " + Format.percent(1 - value / minimum);
    }

    /** The largest share of the machine's CPU that other processes took in any measured window, or NaN. */
    double maxOtherCpuShare() {
        return measurements.stream().mapToDouble(Measurement::maxOtherCpuShare).filter(d -> !Double.isNaN(d))
                .max().orElse(Double.NaN);
    }

    private double latencyRatio(Measurement m, String baseline) {
        return find(baseline, m.workload()).map(b -> (double) m.p50Nanos() / b.p50Nanos()).orElse(Double.NaN);
    }

    private double throughputRatio(Measurement m, String baseline) {
        return find(baseline, m.workload())
                .map(b -> m.callsPerSecond(ratioCallers) / b.callsPerSecond(ratioCallers))
                .orElse(Double.NaN);
    }

    private static double singleCallRate(Measurement m) {
        return m.p50Nanos() > 0 ? m.workload().payloadBytes() / (m.p50Nanos() / 1e9) : Double.NaN;
    }

    private Optional<Measurement> find(String system, Workload workload) {
        return measurements.stream()
                .filter(m -> m.system().equals(system) && m.workload() == workload)
                .findFirst();
    }
}
