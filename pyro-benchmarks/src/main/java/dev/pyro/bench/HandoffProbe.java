package dev.pyro.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Measures what one thread waking another costs on this machine: two threads pass a token back and forth with
 * {@link LockSupport#unpark}/{@link LockSupport#park}, and half a round trip is one handoff. Every handoff a
 * remoting system makes per call (caller to I/O thread, I/O thread to worker, and back) adds about this much
 * to its latency, so the figure explains much of the 1-caller column on machines with few cores.
 */
final class HandoffProbe {

    private volatile int turn;

    private HandoffProbe() {
    }

    /**
     * Runs the ping-pong for a while and reports the median handoff.
     *
     * @param roundTrips how many round trips to time after as many for warmup
     * @return the median one-way handoff in nanoseconds
     */
    static long medianHandoffNanos(int roundTrips) {
        return new HandoffProbe().run(roundTrips);
    }

    private long run(int roundTrips) {
        Thread main = Thread.currentThread();
        int total = 2 * roundTrips;
        Thread partner = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                while (turn != 1) {
                    LockSupport.park(this);
                }
                turn = 0;
                LockSupport.unpark(main);
            }
        }, "handoff-probe");
        partner.setDaemon(true);
        partner.start();
        LongSamples samples = new LongSamples();
        for (int i = 0; i < total; i++) {
            long t0 = System.nanoTime();
            turn = 1;
            LockSupport.unpark(partner);
            while (turn != 0) {
                LockSupport.park(this);
            }
            if (i >= roundTrips) {
                samples.add((System.nanoTime() - t0) / 2);
            }
        }
        return samples.percentile(0.5);
    }
}
