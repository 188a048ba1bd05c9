package dev.pyro.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real Python Pyro5 as a test peer: finds {@code shared/pyro5/Pyro5} in a folder above the working directory and a
 * python3 that has serpent and msgpack, runs scripts against our daemons and starts Python servers for our proxies.
 * {@link #require(String)} skips the calling test with one message naming what is missing (a fresh clone outside the
 * workspace has no {@code ../shared}; CI installs python3-serpent and python3-msgpack, so there it always runs).
 */
public final class PythonPeer {

    private static volatile PythonPeer found;
    private static volatile String missing;

    private final String python;
    private final Path pyro5;

    private PythonPeer(String python, Path pyro5) {
        this.python = python;
        this.pyro5 = pyro5;
    }

    /** The Python peer, or skips the current test (an assumption failure) saying what is missing. */
    public static PythonPeer require(String what) {
        PythonPeer peer = find();
        assumeTrue(peer != null, missing + ": skipping " + what);
        return peer;
    }

    /** The folder holding the {@code Pyro5} package (for {@code PYTHONPATH}). */
    public Path pyro5Path() {
        return pyro5;
    }

    private static synchronized PythonPeer find() {
        if (found != null || missing != null) {
            return found;
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("shared/pyro5/Pyro5"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            missing = "Python Pyro5 not found (no shared/pyro5/Pyro5 above " + System.getProperty("user.dir") + ")";
            return null;
        }
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (works(candidate)) {
                found = new PythonPeer(candidate, dir.resolve("shared/pyro5"));
                return found;
            }
        }
        missing = "no python3 with the modules serpent and msgpack (apt-get install python3-serpent python3-msgpack)";
        return null;
    }

    private static boolean works(String candidate) {
        try {
            Process p = new ProcessBuilder(candidate, "-c", "import serpent, msgpack").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ProcessBuilder builder(Path script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(python, "-u", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // an inherited PYTHONPATH is kept after Pyro5 (serpent and msgpack may come from there)
        String inherited = System.getenv("PYTHONPATH");
        pb.environment().put("PYTHONPATH", pyro5 + (inherited == null || inherited.isBlank() ? "" : ":" + inherited));
        pb.environment().putAll(env);
        return pb;
    }

    /**
     * Runs a Python script to its end (at most 90 seconds) and returns what it printed (stdout and stderr).
     *
     * @param dir  a folder for the script file (a JUnit {@code @TempDir})
     * @param code the Python source
     * @param env  extra environment, e.g. {@code PYRO_SERIALIZER}
     * @param args its command-line arguments
     */
    public Result run(Path dir, String code, Map<String, String> env, String... args) {
        try {
            Path script = Files.createTempFile(dir, "client", ".py");
            Files.writeString(script, code);
            Process p = builder(script, env, args).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python did not finish within 90 s; it printed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run python: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@link #run(Path, String, Map, String...)} without extra environment. */
    public Result run(Path dir, String code, String... args) {
        return run(dir, code, Map.of(), args);
    }

    /**
     * Starts a long-running Python script and waits until it prints a line starting with {@code readyPrefix}
     * (typically {@code "URI "}); close the returned server to stop it.
     */
    public Server start(Path dir, String code, String readyPrefix, Map<String, String> env, String... args) {
        try {
            Path script = Files.createTempFile(dir, "server", ".py");
            Files.writeString(script, code);
            Process p = builder(script, env, args).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith(readyPrefix)) {
                    return new Server(p, out, line.substring(readyPrefix.length()).strip(), seen);
                }
            }
            p.destroyForcibly();
            throw new AssertionError("the python server ended before printing '" + readyPrefix + "'; it printed: "
                    + seen);
        } catch (IOException e) {
            throw new AssertionError("could not start python: " + e, e);
        }
    }

    /** What a finished script printed and its exit code. */
    public record Result(int exitCode, String output) {
        /** The text after {@code prefix} on the first line that starts with it, or null. */
        public String line(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip())
                    .findFirst().orElse(null);
        }
    }

    /** A running Python server; {@link #close()} stops it. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final String ready;
        private final StringBuilder output;

        private Server(Process process, BufferedReader out, String ready, StringBuilder seen) {
            this.process = process;
            this.ready = ready;
            this.output = seen;
            Thread drain = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "python-server-output");
            drain.setDaemon(true);
            drain.start();
        }

        /** The rest of the ready line (for {@code "URI "}, the server's URI). */
        public String ready() {
            return ready;
        }

        /** Everything the server printed so far. */
        public String output() {
            synchronized (output) {
                return output.toString();
            }
        }

        /** The process, for tests that kill it on purpose. */
        public Process process() {
            return process;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
