package dev.pyro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that the harness works for every system: a few hundred calls each, every answer checked.
 * Nothing here is timed and no assertion depends on how fast anything is.
 */
class HarnessSmokeTest {

    private static final String HOST = "127.0.0.1";

    static Stream<String> systems() {
        return Systems.all().stream().map(BenchSystem::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void everyWorkloadGivesTheRightAnswers(String name) throws Exception {
        BenchSystem system = Systems.byName(name);
        try (BenchSystem.RunningServer server = system.startServer(HOST, 0);
             BenchClient client = system.connect(HOST, server.port())) {
            assertThat(client.add(40, 2)).isEqualTo(42);
            assertThat(client.echo(Workload.ECHO_TEXT)).isEqualTo(Workload.ECHO_TEXT);
            assertThat(client.roundtrip(Workload.SAMPLE_POJO)).isEqualTo(Workload.SAMPLE_POJO.next());
            assertThat(client.sink(new byte[12345])).isEqualTo(12345);
            for (Workload workload : Workload.values()) {
                int calls = workload == Workload.BYTES ? 10 : 100;
                LoadRunner.Result alone = LoadRunner.run(workload.bind(client), 1, Duration.ZERO, Duration.ZERO,
                        calls, true, ResourceProbe.NONE, ResourceProbe.NONE, ResourceProbe.NONE);
                assertThat(alone.calls()).isGreaterThanOrEqualTo(calls);
                assertThat(alone.latency().size()).isEqualTo((int) alone.calls());
                assertThat(alone.latency().percentile(0.99)).isGreaterThanOrEqualTo(alone.latency().percentile(0.5));
                LoadRunner.Result shared = LoadRunner.run(workload.bind(client), 8, Duration.ZERO, Duration.ZERO,
                        2L * calls, false, ResourceProbe.thisJvm(), ResourceProbe.NONE, ResourceProbe.NONE);
                assertThat(shared.calls()).isGreaterThanOrEqualTo(2L * calls);
                assertThat(shared.callers()).isEqualTo(8);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void holdsSeveralIdleConnections(String name) throws Exception {
        BenchSystem system = Systems.byName(name);
        if (!system.supportsIdleConnections()) {
            return;
        }
        try (BenchSystem.RunningServer server = system.startServer(HOST, 0)) {
            List<AutoCloseable> open = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    open.add(system.openIdleConnection(HOST, server.port()));
                }
                assertThat(open).hasSize(20);
            } finally {
                for (AutoCloseable connection : open) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void childServerStartsAnswersCommandsAndRecordsAProfile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("tcp-server.log");
        Path recording = dir.resolve("tcp.jfr");
        try (ChildServer child = ChildServer.start("tcp", List.of("-Xmx256m"), log);
             BenchClient client = new TcpSystem().connect(HOST, child.port())) {
            child.startRecording(recording);
            LoadRunner.Result result = LoadRunner.run(Workload.POJO.bind(client), 4, Duration.ZERO, Duration.ZERO,
                    300, false, ResourceProbe.thisJvm(), child::startWindow,
                    new OtherProcessesProbe(Set.of(ProcessHandle.current().pid(), child.pid())));
            child.stopRecording();
            assertThat(result.calls()).isGreaterThanOrEqualTo(300);
            ChildServer.Stats stats = child.stats();
            assertThat(stats.callsServed()).isGreaterThanOrEqualTo(300);
            assertThat(stats.threads()).isPositive();
            assertThat(stats.heapUsedBytes()).isPositive();
            assertThat(result.server().bytes()).isPositive();
            assertThat(result.server().cpuMicros()).isPositive();
            assertThat(result.client().bytes()).isPositive();
            assertThat(recording).exists();
            String summary = JfrSummary.summarize(recording, "tcp server", stats.callsServed(), 5);
            assertThat(summary).contains("Top frames", "Allocation by class");
        }
        assertThat(Files.exists(log)).isTrue();
    }

    @Test
    void echoArgumentHasSixtyFourCharacters() {
        assertThat(Workload.ECHO_TEXT).hasSize(64);
        assertThat(Workload.BYTES.payloadBytes()).isEqualTo(1 << 20);
    }
}
