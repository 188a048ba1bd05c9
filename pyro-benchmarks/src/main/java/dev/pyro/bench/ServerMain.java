package dev.pyro.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The child JVM of one system under test: {@code ServerMain <system> [port]}.
 *
 * <p>It starts the system's server on 127.0.0.1, prints {@code READY <port>} and then answers one-line
 * commands on standard input, each with one line on standard output:
 * <ul>
 *   <li>{@code STATS}: after two full GCs, {@code STATS <used heap bytes> <live threads> <calls served>}</li>
 *   <li>{@code MARK}, then {@code USAGE}: {@code USAGE <bytes allocated> <process CPU ns>} since the mark</li>
 *   <li>{@code CALLS}: {@code CALLS <calls served>}</li>
 *   <li>{@code JFR-START <file>} / {@code JFR-STOP}: a Flight Recorder recording with the "profile" settings</li>
 *   <li>{@code EXIT}, or end of input: stop the server and exit</li>
 * </ul>
 */
public final class ServerMain {

    private ServerMain() {
    }

    /**
     * Starts the server and serves commands until told to exit.
     *
     * @param args the system name and optionally the port (default 0: any free port)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ServerMain <system> [port]");
            System.exit(2);
        }
        BenchSystem system = Systems.byName(args[0]);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        BenchSystem.RunningServer server;
        try {
            server = system.startServer("127.0.0.1", port);
        } catch (Exception e) {
            System.out.println("FAILED " + e);
            System.out.flush();
            throw e;
        }
        ResourceProbe resources = ResourceProbe.thisJvm();
        ResourceProbe.Window window = ResourceProbe.NONE.start();
        System.out.println("READY " + server.port());
        System.out.flush();
        Recording recording = null;
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null && !line.equals("EXIT")) {
            if (line.equals("STATS")) {
                System.gc();
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                int threads = ManagementFactory.getThreadMXBean().getThreadCount();
                System.out.println("STATS " + heap + " " + threads + " " + BenchServiceImpl.callsServed());
            } else if (line.equals("MARK")) {
                window = resources.start();
                System.out.println("MARKED");
            } else if (line.equals("USAGE")) {
                ResourceProbe.Usage usage = window.stop();
                System.out.println("USAGE " + usage.allocatedBytes() + " " + usage.cpuNanos());
            } else if (line.equals("CALLS")) {
                System.out.println("CALLS " + BenchServiceImpl.callsServed());
            } else if (line.startsWith("JFR-START ")) {
                recording = startRecording(Path.of(line.substring("JFR-START ".length())));
                System.out.println("JFR-STARTED");
            } else if (line.equals("JFR-STOP") && recording != null) {
                recording.stop();
                recording.close();
                recording = null;
                System.out.println("JFR-STOPPED");
            } else {
                System.out.println("UNKNOWN " + line);
            }
            System.out.flush();
        }
        server.close();
        System.exit(0);
    }

    /**
     * Starts a recording with the JDK's "profile" settings, CPU samples every 2 ms instead of every 10 ms
     * (a 2-core machine under load loses many sampling periods) and per-thread CPU load every second.
     */
    static Recording startRecording(Path file) throws IOException, java.text.ParseException {
        Map<String, String> settings = new HashMap<>(Configuration.getConfiguration("profile").getSettings());
        settings.put("jdk.ExecutionSample#period", "2 ms");
        settings.put("jdk.ThreadCPULoad#period", "1 s");
        Recording recording = new Recording(settings);
        recording.setDestination(file);
        recording.setToDisk(true);
        recording.start();
        return recording;
    }
}
