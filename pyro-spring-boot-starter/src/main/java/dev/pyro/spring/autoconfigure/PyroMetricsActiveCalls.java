package dev.pyro.spring.autoconfigure;

import dev.pyro.intercept.Invocation;
import dev.pyro.intercept.PyroCall;
import dev.pyro.intercept.ServerInterceptor;
import org.springframework.core.Ordered;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the calls a daemon is serving right now (the {@code pyro.daemon.calls.active} gauge). */
public final class PyroMetricsActiveCalls implements ServerInterceptor, Ordered {

    /** Early (right inside the observation interceptors), so that every call counts, refused ones included. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final AtomicInteger active = new AtomicInteger();

    @Override
    public Object intercept(PyroCall call, Invocation next) throws Throwable {
        active.incrementAndGet();
        try {
            return next.proceed();
        } finally {
            active.decrementAndGet();
        }
    }

    /** Calls in flight. */
    public int active() {
        return active.get();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
