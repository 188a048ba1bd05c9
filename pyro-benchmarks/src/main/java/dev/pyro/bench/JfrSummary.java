package dev.pyro.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a Flight Recorder file as markdown: where the CPU samples fall (top frames, threads, Pyro's own
 * methods inclusive of what they call), what is allocated per call, GC and CPU load, contended monitors.
 * The same data can be read with {@code jfr print --events jdk.ExecutionSample <file>}.
 */
final class JfrSummary {

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final Map<String, Long> selfFrames = new HashMap<>();
    private final Map<String, Long> pyroInclusive = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> allocatedByClass = new HashMap<>();
    private final Map<String, Long> allocatedBySite = new HashMap<>();
    private final Map<String, Long> contendedMonitors = new HashMap<>();
    private final Map<Long, double[]> threadLoad = new HashMap<>();
    private final Map<Long, String> threadGroup = new HashMap<>();
    private long samples;
    private long allocatedBytes;
    private long gcCount;
    private long gcPauseNanos;
    private double cpuJvmSum;
    private double cpuMachineSum;
    private long cpuEvents;

    private JfrSummary() {
    }

    /**
     * Reads a recording and summarises it.
     *
     * @param file  the .jfr file
     * @param title a heading
     * @param calls calls made while recording, to divide allocation by
     * @param top   rows per list
     * @return markdown
     * @throws IOException if the file cannot be read
     */
    static String summarize(Path file, String title, long calls, int top) throws IOException {
        JfrSummary summary = new JfrSummary();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                summary.accept(recording.readEvent());
            }
        }
        return summary.markdown(title, file, calls, top);
    }

    private void accept(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> acceptSample(event);
            case "jdk.ObjectAllocationSample" -> {
                long weight = event.getLong("weight");
                allocatedBytes += weight;
                allocatedByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                allocatedBySite.merge(topFrame(event.getStackTrace()), weight, Long::sum);
            }
            case "jdk.GarbageCollection" -> {
                gcCount++;
                gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
            }
            case "jdk.CPULoad" -> {
                cpuJvmSum += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                cpuMachineSum += event.getFloat("machineTotal");
                cpuEvents++;
            }
            case "jdk.ThreadCPULoad" -> {
                RecordedThread thread = event.getThread("eventThread");
                if (thread != null) {
                    double[] sumAndCount = threadLoad.computeIfAbsent(thread.getJavaThreadId(), id -> new double[2]);
                    sumAndCount[0] += event.getFloat("user") + event.getFloat("system");
                    sumAndCount[1]++;
                    threadGroup.put(thread.getJavaThreadId(), group(thread));
                }
            }
            case "jdk.JavaMonitorEnter" -> contendedMonitors.merge(event.getClass("monitorClass").getName(),
                    event.getDuration().toNanos(), Long::sum);
            default -> {
                // not summarised
            }
        }
    }

    private void acceptSample(RecordedEvent event) {
        samples++;
        RecordedStackTrace stack = event.getStackTrace();
        selfFrames.merge(topFrame(stack), 1L, Long::sum);
        threads.merge(group(event.getThread("sampledThread")), 1L, Long::sum);
        if (stack != null) {
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : stack.getFrames()) {
                String name = methodName(frame.getMethod());
                if (name.startsWith("dev.pyro.") && !name.startsWith("dev.pyro.bench.") && !name.contains("$$Lambda")
                        && seen.add(name)) {
                    pyroInclusive.merge(name, 1L, Long::sum);
                }
            }
        }
    }

    /** A thread's name with its numbers replaced by #, so that pool threads fall into one group. */
    private static String group(RecordedThread thread) {
        String name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
        return DIGITS.matcher(name).replaceAll("#");
    }

    private static String topFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        return methodName(stack.getFrames().get(0).getMethod());
    }

    private static String methodName(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }

    private String markdown(String title, Path file, long calls, int top) {
        StringBuilder out = new StringBuilder();
        out.append("#### ").append(title).append("\n\n");
        out.append("Recording `").append(file.getFileName()).append("`: ").append(samples)
                .append(" CPU samples, ").append(Format.count(calls)).append(" calls");
        if (cpuEvents > 0) {
            out.append(", this JVM used ").append(Format.percent(cpuJvmSum / cpuEvents))
                    .append(" of the machine's CPU (machine total ")
                    .append(Format.percent(cpuMachineSum / cpuEvents)).append(")");
        }
        out.append(", ").append(gcCount).append(" GCs pausing ")
                .append(Format.decimal(gcPauseNanos / 1e6, 1)).append(" ms in all.\n\n");
        if (calls > 0) {
            out.append("Allocation (sampled, weighted): ").append(Format.count((double) allocatedBytes / calls))
                    .append(" bytes per call.\n\n");
        }
        out.append(topTable("Top frames (self time)", "frame", selfFrames, samples, top));
        out.append(topTable("CPU samples by thread", "thread", threads, samples, top));
        if (!threadLoad.isEmpty()) {
            out.append(cpuByThreadTable(top));
        }
        if (!pyroInclusive.isEmpty()) {
            out.append(topTable("Pyro methods, inclusive of callees", "method", pyroInclusive, samples, top));
        }
        out.append(byteTable("Allocation by class", "class", allocatedByClass, calls, top));
        out.append(byteTable("Allocation by allocating method", "method", allocatedBySite, calls, top));
        if (!contendedMonitors.isEmpty()) {
            out.append(topTable("Contended monitors (blocked ms; only waits over the 10 ms threshold of the profile settings)", "monitor class",
                    scale(contendedMonitors, 1_000_000), -1, top));
        }
        return out.toString();
    }

    /** Average CPU load per thread group, from the per-thread CPU counters rather than from samples. */
    private String cpuByThreadTable(int top) {
        Map<String, Double> load = new HashMap<>();
        Map<String, Integer> members = new HashMap<>();
        threadLoad.forEach((id, sumAndCount) -> {
            String group = threadGroup.get(id);
            load.merge(group, sumAndCount[0] / sumAndCount[1], Double::sum);
            members.merge(group, 1, Integer::sum);
        });
        TextTable table = new TextTable("thread", "threads", "share of the machine's CPU");
        load.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .filter(e -> e.getValue() >= 0.001)
                .forEach(e -> table.row("`" + e.getKey() + "`", Integer.toString(members.get(e.getKey())),
                        Format.decimal(e.getValue() * 100, 1) + "%"));
        return "**CPU by thread (thread CPU counters)**\n\n" + table.markdown() + "\n";
    }

    private static Map<String, Long> scale(Map<String, Long> values, long divisor) {
        Map<String, Long> scaled = new HashMap<>();
        values.forEach((k, v) -> scaled.put(k, v / divisor));
        return scaled;
    }

    private static String topTable(String heading, String label, Map<String, Long> counts, long total, int top) {
        TextTable table = total > 0 ? new TextTable(label, "samples", "share") : new TextTable(label, "value");
        sortedTop(counts, top).forEach(e -> {
            if (total > 0) {
                table.row("`" + e.getKey() + "`", Long.toString(e.getValue()), Format.percent((double) e.getValue() / total));
            } else {
                table.row("`" + e.getKey() + "`", Format.count(e.getValue()));
            }
        });
        return "**" + heading + "**\n\n" + table.markdown() + "\n";
    }

    private String byteTable(String heading, String label, Map<String, Long> bytes, long calls, int top) {
        TextTable table = new TextTable(label, "bytes/call", "share");
        sortedTop(bytes, top).forEach(e -> table.row("`" + e.getKey() + "`",
                calls > 0 ? Format.count((double) e.getValue() / calls) : Format.NOT_AVAILABLE,
                Format.percent(allocatedBytes == 0 ? 0 : (double) e.getValue() / allocatedBytes)));
        return "**" + heading + "**\n\n" + table.markdown() + "\n";
    }

    private static List<Map.Entry<String, Long>> sortedTop(Map<String, Long> counts, int top) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .toList();
    }
}
