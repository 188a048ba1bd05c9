package dev.pyro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the name-server workloads run on every store with every answer checked (a wrong URI, a wrong list or
 * a missing name fails the run). Nothing here is timed and no assertion depends on how fast anything is.
 */
class NameServerBenchSmokeTest {

    @Test
    void everyNameServerWorkloadRunsOnEveryStoreAndIsReported(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("nameserver.md");
        BenchOptions options = BenchOptions.parse(new String[] {"--quick", "--nameserver", "--ns-names=200",
                "--warmup-ms=20", "--measure-ms=50", "--out=" + out}, List.of(), dir.resolve("benchmarks.md"));
        assertThat(options.nameServer()).isTrue();
        assertThat(options.out()).isEqualTo(out);

        assertThat(NameServerBench.run(options, "header\n", out)).as("every workload ran").isTrue();

        assertThat(Files.readString(out)).startsWith("header").contains("| memory | 200 |", "| h2 | 200 |",
                "| zookeeper | 200 |", "visible through a second one");
    }

    @Test
    void withoutOutTheNameServerReportGoesNextToTheMainOne(@TempDir Path dir) {
        BenchOptions options = BenchOptions.parse(new String[] {"--nameserver"}, List.of(),
                dir.resolve("benchmarks.md"));
        assertThat(options.out()).isEqualTo(dir.resolve("nameserver.md"));
        assertThat(options.nameServerNames()).isEqualTo(100_000);
        assertThat(BenchOptions.parse(new String[] {"--nameserver", "--quick"}, List.of(), dir.resolve("b.md"))
                .nameServerNames()).isEqualTo(10_000);
    }
}
