package dev.pyro;

import java.util.List;
import java.util.Map;

/**
 * Several calls on one remote object sent as one message and answered by one reply (Pyro5's {@code BatchProxy}):
 * record the calls, then {@link #run()} them. The daemon makes them one after the other, in the order recorded; if
 * one raises, it stops there and the calls after it are not made.
 *
 * <pre>{@code
 * PyroBatch batch = Pyro.batch(proxy);          // a typed proxy or a PyroProxy
 * Calc calc = batch.as(Calc.class);              // records, calls nothing yet
 * calc.add(1, 2);                                // returns 0: the result comes with run()
 * calc.divide(1, 0);
 * batch.call("echo", "by name");
 * BatchResults results = batch.run();            // one round trip
 * int three = results.get(0, Integer.class);     // 3
 * results.get(1);                                // throws the remote ArithmeticException (remote traceback too)
 * results.get(2);                                // NoSuchElementException: echo was not called
 * }</pre>
 *
 * <p>A batch runs once, whatever the outcome: recording or running it again is an {@link IllegalStateException}
 * (make a new batch, from the same proxy). It goes through the proxy's connections, timeouts and interceptors (as
 * one call named {@code <batch>}); its call timeout covers the whole batch. Results do not stream: a Java daemon
 * collects an iterator result into a list, and a Python Pyro5 daemon refuses a generator result (the whole batch
 * fails, as it does for Python's {@code BatchProxy}). A {@link Oneway} method runs in its turn and gives
 * {@code null}, as in Pyro5. Obtain one with {@link Pyro#batch(Object)}; safe to use from several threads, the
 * calls keeping the order in which they were recorded.
 */
public interface PyroBatch {

    /**
     * Records a call of {@code method} with positional arguments; its result will be a plain value (as
     * {@link PyroProxy#call(String, Object...)} gives it), or converted by {@link BatchResults#get(int, Class)}.
     *
     * @return the call's index in the batch (its result's index in {@link BatchResults})
     * @throws IllegalStateException if the batch has run already
     */
    int call(String method, Object... args);

    /**
     * Records a call with positional and keyword arguments (bound by parameter name on the server), as
     * {@link PyroProxy#callWithKeywords(String, List, Map)}.
     *
     * @return the call's index in the batch
     * @throws IllegalStateException if the batch has run already
     */
    int callWithKeywords(String method, List<?> args, Map<String, ?> kwargs);

    /**
     * A recorder implementing {@code iface}: each method called on it is recorded into this batch (returning
     * {@code null}, zero or {@code false} at once), and its result will be converted to the method's declared
     * return type. A getter the remote object offers only as an attribute (a Python property), a setter on a Java
     * object and a default method cannot be recorded: a batch holds method calls only, as in Pyro5.
     *
     * @throws IllegalArgumentException if {@code iface} is not an interface, or is {@link PyroProxy} (use
     *                                  {@link #call(String, Object...)})
     */
    <T> T as(Class<T> iface);

    /** The number of calls recorded so far. */
    int size();

    /**
     * Sends the recorded calls and waits for their results. An empty batch is sent too and gives empty results,
     * as in Pyro5. A failure of the batch as a whole is thrown here: a method the remote object does not have (the
     * daemon made the calls before it, but their results are lost, as in Pyro5), an unknown object, a timeout, a
     * lost connection.
     *
     * @throws IllegalStateException if the batch has run already
     */
    BatchResults run();

    /**
     * Sends the recorded calls without waiting for, or getting, any result or error (Pyro5's
     * {@code batch(oneway=True)}); the daemon still makes them in order and stops at the first that raises.
     *
     * @throws IllegalStateException if the batch has run already
     */
    void runOneway();
}
