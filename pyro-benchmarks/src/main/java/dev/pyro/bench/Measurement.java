package dev.pyro.bench;

import java.util.Map;

/**
 * Everything measured for one system and one workload.
 *
 * @param system     the system's name
 * @param workload   the workload
 * @param latency    the 1-caller run, with per-call latencies
 * @param throughput the throughput runs by number of callers
 */
record Measurement(String system, Workload workload, LoadRunner.Result latency,
                   Map<Integer, LoadRunner.Result> throughput) {

    long p50Nanos() {
        return latency.latency().percentile(0.50);
    }

    long p99Nanos() {
        return latency.latency().percentile(0.99);
    }

    /** The largest share of the machine's CPU that other processes took in any window of this row, or NaN. */
    double maxOtherCpuShare() {
        double max = latency.otherCpuShare();
        for (LoadRunner.Result r : throughput.values()) {
            if (!Double.isNaN(r.otherCpuShare())) {
                max = Double.isNaN(max) ? r.otherCpuShare() : Math.max(max, r.otherCpuShare());
            }
        }
        return max;
    }

    double callsPerSecond(int callers) {
        LoadRunner.Result result = throughput.get(callers);
        return result == null ? Double.NaN : result.callsPerSecond();
    }
}
