package dev.pyro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's arithmetic on made-up measurements. */
class ReportTest {

    private static Measurement measurement(String system, Workload workload, long p50Nanos, double callsPerSecond) {
        LongSamples samples = new LongSamples();
        for (int i = 0; i < 98; i++) {
            samples.add(p50Nanos);
        }
        samples.add(p50Nanos * 10);
        samples.add(p50Nanos * 10);
        LoadRunner.Result latency = new LoadRunner.Result(1, 100, 1e9 / p50Nanos, samples,
                LoadRunner.PerCall.UNKNOWN, LoadRunner.PerCall.UNKNOWN, 0.01);
        LoadRunner.Result at64 = new LoadRunner.Result(64, 1000, callsPerSecond, new LongSamples(),
                new LoadRunner.PerCall(100, 12.5), new LoadRunner.PerCall(200, 25), 0.25);
        return new Measurement(system, workload, latency, Map.of(64, at64));
    }

    private static Report report() {
        return new Report(List.of(
                measurement("pyro-msgpack", Workload.ADD, 40_000, 26_000),
                measurement("pyro-msgpack", Workload.BYTES, 500_000, 2_000),
                measurement("rmi", Workload.ADD, 50_000, 20_000),
                measurement("grpc", Workload.ADD, 100_000, 10_000),
                measurement("tcp", Workload.ADD, 20_000, 52_000)), List.of(), List.of(64));
    }

    @Test
    void mainTableHasRatiosToRmiAndTcp() {
        String text = report().mainTable().text();
        assertThat(text).contains("p50 vs RMI", "@64 vs TCP");
        assertThat(text.lines().filter(l -> l.startsWith("pyro-msgpack") && l.contains("add")).findFirst())
                .hasValueSatisfying(line -> assertThat(line).contains("40.0", "400", "26,000", "0.80x", "2.00x",
                        "1.30x", "0.50x"));
    }

    @Test
    void targetsSayMetOrMissedAndByHowMuch() {
        String targets = report().targetsTable().markdown();
        assertThat(targets).contains("| add: p50 <= 1.0 x RMI | 0.80x met |");
        assertThat(targets).contains("| add: calls/s @64 >= 1.3 x RMI | 1.30x met |");
        assertThat(targets).contains("| add: calls/s @64 >= 3.0 x gRPC | 2.60x missed by 13% |");
        assertThat(targets).contains("2.10 GB/s met");
    }

    @Test
    void resourcesTableShowsCpuAndAllocationPerCall() {
        String text = report().resourcesTable().text();
        assertThat(text.lines().filter(l -> l.startsWith("rmi")).findFirst())
                .hasValueSatisfying(line -> assertThat(line).contains("n/a", "12.5", "25.0", "100", "200"));
    }

    @Test
    void percentilesUseTheNearestRank() {
        LongSamples samples = new LongSamples();
        for (long v = 100; v >= 1; v--) {
            samples.add(v);
        }
        assertThat(samples.percentile(0.5)).isEqualTo(50);
        assertThat(samples.percentile(0.99)).isEqualTo(99);
        assertThat(new LongSamples().percentile(0.5)).isZero();
    }

    @Test
    void optionsParseQuickModeAndLists() {
        BenchOptions options = BenchOptions.parse(new String[] {"--quick", "--systems=rmi,tcp", "--workloads=add",
                "--callers=4,8", "--idle-connections=0"}, List.of("rmi", "tcp", "grpc"), Path.of("out.md"));
        assertThat(options.quick()).isTrue();
        assertThat(options.systems()).containsExactly("rmi", "tcp");
        assertThat(options.workloads()).containsExactly(Workload.ADD);
        assertThat(options.callerCounts()).containsExactly(4, 8);
        assertThat(options.idleConnections()).isZero();
    }
}
