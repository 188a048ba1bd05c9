package dev.pyro.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures how much one JVM allocates and how much CPU time it uses during a window, to derive both per call.
 * Allocation is summed per thread over the threads alive at the end of the window (a thread that ends during it
 * takes its share along); CPU time is the whole process's, JIT compiler and GC threads included.
 */
@FunctionalInterface
interface ResourceProbe {

    /** A probe that measures nothing. */
    ResourceProbe NONE = () -> () -> Usage.UNKNOWN;

    /**
     * Starts a window.
     *
     * @return the window, to stop when the measured calls are done
     */
    Window start();

    /** A window started by {@link #start()}. */
    @FunctionalInterface
    interface Window {
        /**
         * Ends the window.
         *
         * @return what the JVM used since the window started
         */
        Usage stop();
    }

    /**
     * What a JVM used in a window.
     *
     * @param allocatedBytes bytes allocated, negative if unknown
     * @param cpuNanos       CPU time, negative if unknown
     */
    record Usage(long allocatedBytes, long cpuNanos) {
        static final Usage UNKNOWN = new Usage(-1, -1);
    }

    /**
     * Probes this JVM through its thread and operating-system management beans.
     *
     * @return a probe whose unknown parts are negative where the JVM does not offer the counters
     */
    static ResourceProbe thisJvm() {
        com.sun.management.ThreadMXBean threads =
                ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                        && t.isThreadAllocatedMemorySupported() ? t : null;
        if (threads != null) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        com.sun.management.OperatingSystemMXBean os =
                ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
                        ? o : null;
        return () -> {
            Map<Long, Long> allocatedBefore = allocatedByThread(threads);
            long cpuBefore = os == null ? -1 : os.getProcessCpuTime();
            return () -> {
                long cpu = os == null ? -1 : os.getProcessCpuTime() - cpuBefore;
                if (threads == null) {
                    return new Usage(-1, cpu);
                }
                long allocated = 0;
                for (Map.Entry<Long, Long> now : allocatedByThread(threads).entrySet()) {
                    allocated += now.getValue() - allocatedBefore.getOrDefault(now.getKey(), 0L);
                }
                return new Usage(allocated, cpu);
            };
        };
    }

    private static Map<Long, Long> allocatedByThread(com.sun.management.ThreadMXBean threads) {
        Map<Long, Long> result = new HashMap<>();
        if (threads != null) {
            long[] ids = threads.getAllThreadIds();
            long[] bytes = threads.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++) {
                if (bytes[i] >= 0) {
                    result.put(ids[i], bytes[i]);
                }
            }
        }
        return result;
    }
}
