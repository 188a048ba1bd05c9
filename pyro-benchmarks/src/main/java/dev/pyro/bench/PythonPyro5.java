package dev.pyro.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python Pyro5 rows: what Pyro users gain, one caller, msgpack. Python Pyro5 (its source in
 * {@code ../shared/pyro5}, or the directory the environment variable {@code BENCH_PYRO5} names; {@code PYTHONPATH} is
 * kept after it) with Debian's
 * python3 and its serpent and msgpack packages, as a server ({@code bench_server.py}, the benchmark service on a
 * Pyro5 daemon of its default server type) and as a client ({@code bench_client.py}); the Java daemon is the
 * {@code pyro-msgpack} server in its own JVM. Pairs: Python to Python, Python to Java, Java to Python (Java to Java
 * is the main table). Latency only: a Python client is one caller.
 */
final class PythonPyro5 {

    /** One measured pair and workload. */
    record Row(String pair, Workload workload, long p50Nanos, long p99Nanos, int calls) {
    }

    private final Path pyro5;
    private final Path workDir;
    private final int calls;

    PythonPyro5(Path pyro5, Path workDir, boolean quick) {
        this.pyro5 = pyro5.toAbsolutePath().normalize();
        this.workDir = workDir;
        this.calls = quick ? 300 : 3000;
    }

    /** Where Python Pyro5 is expected. */
    static Path defaultLocation() {
        String dir = System.getenv("BENCH_PYRO5");
        return Path.of(dir == null || dir.isBlank() ? "../shared/pyro5" : dir);
    }

    /** Why the rows cannot be measured here, if they cannot. */
    Optional<String> missing() {
        if (!Files.isDirectory(pyro5.resolve("Pyro5"))) {
            return Optional.of("Python Pyro5 not found in " + pyro5 + " (BENCH_PYRO5=DIR names another place)");
        }
        try {
            Process p = python("-c", "import serpent, msgpack, Pyro5.api").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String[] lines = out.strip().split("\n");
                return Optional.of("python3 cannot import Pyro5, serpent and msgpack (apt-get install python3-serpent"
                        + " python3-msgpack): " + lines[lines.length - 1]);
            }
        } catch (IOException e) {
            return Optional.of("python3 not found: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    /** Measures every pair for the given workloads; {@code javaPort} is a running {@code pyro-msgpack} server. */
    List<Row> measure(List<Workload> workloads, int javaPort) throws Exception {
        Path server = script("bench_server.py");
        Path client = script("bench_client.py");
        List<Row> rows = new ArrayList<>();
        Process python = python(server.toString()).redirectError(workDir.resolve("python-server.log").toFile())
                .start();
        try {
            int pythonPort = readyPort(python);
            String pythonUri = "PYRO:bench@" + BenchmarkMain.HOST + ":" + pythonPort;
            String javaUri = "PYRO:bench@" + BenchmarkMain.HOST + ":" + javaPort;
            for (Workload w : workloads) {
                int n = w == Workload.BYTES ? Math.max(20, calls / 10) : calls;
                rows.add(pythonClient(client, "python -> python", pythonUri, w, n));
                rows.add(pythonClient(client, "python -> java", javaUri, w, n));
                rows.add(javaClient(pythonPort, w, n));
            }
        } finally {
            python.destroy();
            python.waitFor(10, TimeUnit.SECONDS);
        }
        return rows;
    }

    private Row pythonClient(Path client, String pair, String uri, Workload w, int n) throws Exception {
        Process p = python(client.toString(), uri, w.id(), Integer.toString(n)).redirectErrorStream(true).start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
            throw new BenchmarkException(pair + " " + w.id() + " failed: " + output.toString().strip());
        }
        String[] parts = result.split(" ");
        return new Row(pair, w, Long.parseLong(parts[1]), Long.parseLong(parts[2]), n);
    }

    /** A Java proxy ({@code pyro-msgpack}'s client) calling the Python daemon. */
    private Row javaClient(int pythonPort, Workload w, int n) throws Exception {
        try (BenchClient client = Systems.byName("pyro-msgpack").connect(BenchmarkMain.HOST, pythonPort)) {
            Workload.Call call = w.bind(client);
            for (int i = 0; i < Math.max(20, n / 5); i++) {
                call.invoke();
            }
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                call.invoke();
                times[i] = System.nanoTime() - t;
            }
            Arrays.sort(times);
            return new Row("java -> python", w, times[n / 2], times[Math.min(n - 1, n * 99 / 100)], n);
        }
    }

    /** The rows as a table. */
    static TextTable table(List<Row> rows) {
        TextTable t = new TextTable(2, "client -> server", "workload", "p50 µs", "p99 µs", "calls");
        for (Row r : rows) {
            t.row(r.pair(), r.workload().id(), Format.micros(r.p50Nanos()), Format.micros(r.p99Nanos()),
                    Format.count(r.calls()));
        }
        return t;
    }

    private ProcessBuilder python(String... args) {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        String more = System.getenv("PYTHONPATH");
        b.environment().put("PYTHONPATH", pyro5 + (more == null || more.isBlank() ? "" : ":" + more));
        return b;
    }

    private Path script(String name) throws IOException {
        Files.createDirectories(workDir);
        Path target = workDir.resolve(name);
        try (InputStream in = PythonPyro5.class.getResourceAsStream("/python/" + name)) {
            if (in == null) {
                throw new IOException("resource /python/" + name + " missing from the jar");
            }
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    private static int readyPort(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("READY ")) {
            throw new IOException("the Python Pyro5 server did not start (first line: " + line + ")");
        }
        return Integer.parseInt(line.substring("READY ".length()).strip());
    }
}
