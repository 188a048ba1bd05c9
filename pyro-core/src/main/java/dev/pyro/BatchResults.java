package dev.pyro;

import java.util.Iterator;
import java.util.Optional;

/**
 * The results of a {@link PyroBatch}, one per recorded call, in the order recorded. A call recorded through
 * {@link PyroBatch#as(Class)} gives its method's declared return type; one recorded by name a plain value. If a call
 * raised, the results stop there, as in Pyro5: asking for that call's result throws its exception, re-created as
 * for a normal call (with its remote traceback, see {@link dev.pyro.errors.RemoteTraceback}), and the calls after
 * it were never made.
 *
 * <pre>{@code
 * for (Object result : batch.run()) {   // throws the remote exception on reaching the call that raised
 *     System.out.println(result);
 * }
 * }</pre>
 * Each {@code get} converts the received value anew; a checked exception the method declares arrives wrapped in a
 * {@link dev.pyro.errors.PyroRemoteException} (its cause), since {@code get} declares none.
 */
public interface BatchResults extends Iterable<Object> {

    /** The number of calls in the batch. */
    int size();

    /** The number of calls that returned normally: {@link #size()} unless one raised, else that call's index. */
    int succeeded();

    /**
     * The result of call {@code index}, converted to its recorded type.
     *
     * @throws RuntimeException               the call's remote exception, if call {@code index} raised
     * @throws java.util.NoSuchElementException if an earlier call raised, so call {@code index} was not made (its
     *                                          cause is that exception)
     * @throws IndexOutOfBoundsException      if there is no call {@code index}
     * @throws dev.pyro.errors.SerializeException if the result cannot be converted to that type
     */
    Object get(int index);

    /**
     * The result of call {@code index} converted to {@code type} (whatever type it was recorded with).
     *
     * @throws RuntimeException as {@link #get(int)}
     */
    <T> T get(int index, Class<T> type);

    /** The exception of the call that raised, as {@link #get(int)} throws it, or empty if none raised. */
    Optional<RuntimeException> failure();

    /**
     * The results in order, each as {@link #get(int)} gives it; {@code next()} throws the remote exception on
     * reaching the call that raised, and the iteration ends there (as Pyro5's result generator does).
     */
    @Override
    Iterator<Object> iterator();
}
