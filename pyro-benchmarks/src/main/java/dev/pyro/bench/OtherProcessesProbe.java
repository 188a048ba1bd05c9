package dev.pyro.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How much CPU the other user processes on this machine use during a window, read from {@code /proc}: what
 * the benchmark competes with besides itself. The benchmark's own JVMs and kernel threads are left out; a process
 * that both starts and ends inside a window is missed. On systems without {@code /proc} it reports nothing.
 */
final class OtherProcessesProbe implements ResourceProbe {

    /** Linux's USER_HZ, the unit of utime and stime in /proc/[pid]/stat. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path PROC = Path.of("/proc");

    private final Set<Long> excluded;

    /**
     * @param excluded process ids whose CPU is the benchmark's own
     */
    OtherProcessesProbe(Set<Long> excluded) {
        this.excluded = Set.copyOf(excluded);
    }

    @Override
    public Window start() {
        Map<Long, Long> before = cpuTicksByProcess();
        if (before.isEmpty()) {
            return () -> Usage.UNKNOWN;
        }
        return () -> {
            long ticks = 0;
            for (Map.Entry<Long, Long> now : cpuTicksByProcess().entrySet()) {
                ticks += Math.max(0, now.getValue() - before.getOrDefault(now.getKey(), 0L));
            }
            return new Usage(-1, ticks * NANOS_PER_TICK);
        };
    }

    private Map<Long, Long> cpuTicksByProcess() {
        Map<Long, Long> ticks = new HashMap<>();
        if (!Files.isDirectory(PROC)) {
            return ticks;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (!excluded.contains(pid)) {
                    readTicks(entry.resolve("stat"), pid, ticks);
                }
            }
        } catch (IOException | RuntimeException e) {
            ticks.clear();
        }
        return ticks;
    }

    private static void readTicks(Path stat, long pid, Map<Long, Long> ticks) {
        try {
            String text = Files.readString(stat);
            // pid (comm) state ppid ... utime stime: fields after the command name, which may contain spaces
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long parent = Long.parseLong(fields[1]);
            if (pid == 2 || parent == 2) {
                return;
            }
            ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
    }
}
