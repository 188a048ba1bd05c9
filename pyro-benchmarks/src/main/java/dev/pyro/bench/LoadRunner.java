package dev.pyro.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives one workload with N caller threads: a warmup, then a measured window in which completed calls are
 * counted (and, if asked, each call's latency recorded with {@link System#nanoTime()}), then a stop.
 */
final class LoadRunner {

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;
    private static final Duration STUCK_CALL_LIMIT = Duration.ofSeconds(60);

    private LoadRunner() {
    }

    /**
     * The outcome of one measured window.
     *
     * @param callers            number of concurrent caller threads
     * @param calls              calls completed in the window
     * @param callsPerSecond     calls completed per second of the window
     * @param latency            per-call latencies, empty unless recorded
     * @param client             what the caller's JVM used per call
     * @param server             what the server's JVM used per call
     * @param otherCpuShare      the share of the machine's CPU that other processes used in the window, or NaN
     */
    record Result(int callers, long calls, double callsPerSecond, LongSamples latency, PerCall client,
                  PerCall server, double otherCpuShare) {

        /**
         * Combines windows of the same kind: calls and latencies added up, resources per call weighted by calls,
         * the largest share of other processes.
         */
        static Result merge(List<Result> parts) {
            long calls = 0;
            double seconds = 0;
            double otherShare = Double.NaN;
            LongSamples latency = new LongSamples();
            for (Result r : parts) {
                calls += r.calls();
                seconds += r.callsPerSecond() > 0 ? r.calls() / r.callsPerSecond() : 0;
                latency.addAll(r.latency());
                if (!Double.isNaN(r.otherCpuShare())) {
                    otherShare = Double.isNaN(otherShare) ? r.otherCpuShare() : Math.max(otherShare, r.otherCpuShare());
                }
            }
            return new Result(parts.isEmpty() ? 0 : parts.get(0).callers(), calls, seconds > 0 ? calls / seconds : 0,
                    latency, PerCall.weighted(parts, Result::client), PerCall.weighted(parts, Result::server),
                    otherShare);
        }
    }

    /**
     * Resources one JVM used per call in a window.
     *
     * @param bytes     bytes allocated, NaN if unknown
     * @param cpuMicros CPU time in microseconds, NaN if unknown
     */
    record PerCall(double bytes, double cpuMicros) {
        static final PerCall UNKNOWN = new PerCall(Double.NaN, Double.NaN);

        static PerCall weighted(List<Result> parts, java.util.function.Function<Result, PerCall> side) {
            double bytes = 0;
            double cpu = 0;
            long calls = 0;
            for (Result r : parts) {
                bytes += side.apply(r).bytes() * r.calls();
                cpu += side.apply(r).cpuMicros() * r.calls();
                calls += r.calls();
            }
            return calls == 0 ? UNKNOWN : new PerCall(bytes / calls, cpu / calls);
        }

        static PerCall of(ResourceProbe.Usage usage, long calls) {
            return new PerCall(perCall(usage.allocatedBytes(), calls), perCall(usage.cpuNanos(), calls) / 1000);
        }

        private static double perCall(long used, long calls) {
            return used < 0 || calls == 0 ? Double.NaN : (double) used / calls;
        }
    }

    /**
     * Runs one window.
     *
     * @param call           the call to repeat
     * @param callers        how many threads call concurrently
     * @param warmup         how long to call before measuring
     * @param measure        the minimum length of the measured window
     * @param minCalls       the minimum number of calls in the measured window (it is extended until reached)
     * @param recordLatency  whether to record each call's latency
     * @param clientProbe    resource counters of the calling JVM
     * @param serverProbe    resource counters of the serving JVM
     * @param othersProbe    CPU used by other processes
     * @return what was measured
     * @throws BenchmarkException if a call failed or callers stayed blocked
     */
    static Result run(Workload.Call call, int callers, Duration warmup, Duration measure, long minCalls,
                      boolean recordLatency, ResourceProbe clientProbe, ResourceProbe serverProbe,
                      ResourceProbe othersProbe) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong stillNeeded = new AtomicLong(minCalls);
        CountDownLatch enoughCalls = new CountDownLatch(minCalls > 0 ? 1 : 0);
        CountDownLatch started = new CountDownLatch(callers);
        PhaseFlag phase = new PhaseFlag();
        List<Caller> workers = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            Caller worker = new Caller(call, phase, recordLatency, stillNeeded, enoughCalls, failure, started);
            workers.add(worker);
            Thread thread = new Thread(worker, "bench-caller-" + i);
            thread.setDaemon(true);
            worker.thread = thread;
        }
        workers.forEach(w -> w.thread.start());
        try {
            started.await();
            pause(warmup, failure);
            ResourceProbe.Window clientWindow = clientProbe.start();
            ResourceProbe.Window serverWindow = serverProbe.start();
            ResourceProbe.Window othersWindow = othersProbe.start();
            phase.value = MEASURE;
            long t0 = System.nanoTime();
            pause(measure, failure);
            while (failure.get() == null && !enoughCalls.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - t0 > STUCK_CALL_LIMIT.toNanos()) {
                    break;
                }
            }
            long t1 = System.nanoTime();
            phase.value = STOP;
            ResourceProbe.Usage clientUsage = clientWindow.stop();
            ResourceProbe.Usage serverUsage = serverWindow.stop();
            ResourceProbe.Usage othersUsage = othersWindow.stop();
            joinAll(workers, failure);
            if (failure.get() != null) {
                throw new BenchmarkException("a call failed: " + failure.get(), failure.get());
            }
            long calls = 0;
            LongSamples latency = new LongSamples();
            for (Caller worker : workers) {
                calls += worker.measuredCalls;
                latency.addAll(worker.samples);
            }
            double seconds = (t1 - t0) / 1e9;
            double otherShare = othersUsage.cpuNanos() < 0 ? Double.NaN
                    : othersUsage.cpuNanos() / ((t1 - t0) * (double) Runtime.getRuntime().availableProcessors());
            return new Result(callers, calls, calls / seconds, latency,
                    PerCall.of(clientUsage, calls), PerCall.of(serverUsage, calls), otherShare);
        } catch (InterruptedException e) {
            phase.value = STOP;
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted", e);
        }
    }

    /** Waits for a timed phase of the run to pass, returning early if a call failed. */
    private static void pause(Duration length, AtomicReference<Throwable> failure) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        long left;
        while (failure.get() == null && (left = end - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private static void joinAll(List<Caller> workers, AtomicReference<Throwable> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + STUCK_CALL_LIMIT.toNanos();
        int stuck = 0;
        for (Caller worker : workers) {
            long left = deadline - System.nanoTime();
            worker.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (worker.thread.isAlive()) {
                stuck++;
            }
        }
        if (stuck > 0 && failure.get() == null) {
            throw new BenchmarkException(stuck + " caller(s) still blocked in a call " + STUCK_CALL_LIMIT.toSeconds()
                    + " s after the run ended");
        }
    }

    /** The run's phase, shared by all callers. */
    private static final class PhaseFlag {
        volatile int value = WARMUP;
    }

    /** One calling thread. */
    private static final class Caller implements Runnable {
        private final Workload.Call call;
        private final PhaseFlag phase;
        private final boolean recordLatency;
        private final AtomicLong stillNeeded;
        private final CountDownLatch enoughCalls;
        private final AtomicReference<Throwable> failure;
        private final CountDownLatch started;
        private final LongSamples samples = new LongSamples();
        private long measuredCalls;
        private Thread thread;

        Caller(Workload.Call call, PhaseFlag phase, boolean recordLatency, AtomicLong stillNeeded,
               CountDownLatch enoughCalls, AtomicReference<Throwable> failure, CountDownLatch started) {
            this.call = call;
            this.phase = phase;
            this.recordLatency = recordLatency;
            this.stillNeeded = stillNeeded;
            this.enoughCalls = enoughCalls;
            this.failure = failure;
            this.started = started;
        }

        @Override
        public void run() {
            started.countDown();
            try {
                while (phase.value != STOP && failure.get() == null) {
                    long t0 = System.nanoTime();
                    call.invoke();
                    long t1 = System.nanoTime();
                    if (phase.value == MEASURE) {
                        measuredCalls++;
                        if (recordLatency) {
                            samples.add(t1 - t0);
                        }
                        if (stillNeeded.get() > 0 && stillNeeded.decrementAndGet() == 0) {
                            enoughCalls.countDown();
                        }
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }
}
