package dev.pyro.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on a {@link ServerMain} child JVM: starts it with the same classpath, waits for its
 * {@code READY} line and exchanges one-line commands with it.
 */
final class ChildServer implements AutoCloseable {

    private static final String END_OF_OUTPUT = "\u0000EOF";
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final String systemName;
    private final Path log;
    private final int port;

    /**
     * What {@code STATS} reports.
     *
     * @param heapUsedBytes heap in use after full GCs
     * @param threads       live threads
     * @param callsServed   calls served so far
     */
    record Stats(long heapUsedBytes, int threads, long callsServed) {
    }

    private ChildServer(String systemName, List<String> jvmOptions, Path log) throws IOException {
        this.systemName = systemName;
        this.log = log;
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerMain.class.getName());
        command.add(systemName);
        command.add("0");
        process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, "child-output-" + systemName);
        reader.setDaemon(true);
        reader.start();
        String ready = await("READY", START_TIMEOUT_SECONDS);
        port = Integer.parseInt(ready.substring("READY ".length()).trim());
    }

    /**
     * Starts {@code ServerMain <system> 0} in a new JVM and waits until it listens.
     *
     * @param systemName which system to serve
     * @param jvmOptions options for the child JVM
     * @param log        where the child's standard error goes
     * @return the running child
     * @throws IOException if the JVM cannot be started
     * @throws BenchmarkException if the server does not come up
     */
    static ChildServer start(String systemName, List<String> jvmOptions, Path log) throws IOException {
        return new ChildServer(systemName, jvmOptions, log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Full GCs in the child, then its heap, thread count and calls served. */
    Stats stats() {
        String[] parts = command("STATS", "STATS").split(" ");
        return new Stats(Long.parseLong(parts[1]), Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
    }

    /** Starts measuring the child's allocation and CPU time; the window's {@code stop()} reads them. */
    ResourceProbe.Window startWindow() {
        command("MARK", "MARKED");
        return () -> {
            String[] parts = command("USAGE", "USAGE").split(" ");
            return new ResourceProbe.Usage(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        };
    }

    /** The calls the child has served so far, without the full GCs of {@link #stats()}. */
    long callsServed() {
        return Long.parseLong(command("CALLS", "CALLS").split(" ")[1]);
    }

    void startRecording(Path file) {
        command("JFR-START " + file.toAbsolutePath(), "JFR-STARTED");
    }

    void stopRecording() {
        command("JFR-STOP", "JFR-STOPPED");
    }

    private synchronized String command(String line, String replyPrefix) {
        try {
            commands.write(line + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the " + systemName + " server has gone, see " + log, e);
        }
        return await(replyPrefix, COMMAND_TIMEOUT_SECONDS);
    }

    private String await(String prefix, long timeoutSeconds) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                String reply = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (reply == null) {
                    throw new BenchmarkException("no '" + prefix + "' from the " + systemName + " server within "
                            + timeoutSeconds + " s, see " + log);
                }
                if (reply.equals(END_OF_OUTPUT) || reply.startsWith("FAILED")) {
                    throw new BenchmarkException("the " + systemName + " server stopped"
                            + (reply.startsWith("FAILED") ? ": " + reply : "") + ", see " + log);
                }
                if (reply.startsWith(prefix)) {
                    return reply;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for the " + systemName + " server", e);
        }
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                replies.add(line);
            }
        } catch (IOException e) {
            // the child went away; END_OF_OUTPUT tells any waiter
        }
        replies.add(END_OF_OUTPUT);
    }

    /** Asks the child to exit, and kills it if it does not within a few seconds. */
    @Override
    public void close() {
        try {
            commands.write("EXIT\n");
            commands.flush();
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
