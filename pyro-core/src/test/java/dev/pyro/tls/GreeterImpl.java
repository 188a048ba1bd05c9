package dev.pyro.tls;

import java.util.Arrays;

/** Serves {@link Greeter}. */
public class GreeterImpl implements Greeter {

    @Override
    public String greet(String name) {
        return "hello " + name;
    }

    @Override
    public byte[] blob(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 7);
        return b;
    }

    @Override
    public String slow(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "slept " + millis;
    }
}
