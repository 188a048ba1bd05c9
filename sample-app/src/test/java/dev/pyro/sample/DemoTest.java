package dev.pyro.sample;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {

    @Test
    void whenTheDemoRunsThenEveryStepPrintsItsResultAndItFinishesOk() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).containsSubsequence(
                "server: name server PYRO:Pyro.NameServer@127.0.0.1:",
                "server: bean 'inMemoryWarehouse' exported as PYRO:example.warehouse@127.0.0.1:",
                ", registered as example.warehouse",
                "client: the owner of example.warehouse is 'ACME Storage' (a remote attribute)",
                "client: set the owner to 'Spring client'; it reads back 'Spring client'",
                "client: passed its exported listener to subscribe(): subscription-1",
                "client: stored 5 apples, now 5",
                "client: callback received: stockChanged(apples, 5)",
                "client: took 2 apples, now 3",
                "client: callback received: stockChanged(apples, 3)",
                "client: stock = {apples=3}",
                "client: take(pears, 1) refused -> java.lang.IllegalArgumentException: only 0 pears in stock, cannot take 1",
                " +--- This exception occured remotely (Pyro) - Remote traceback:",
                "InMemoryWarehouse.take",
                " +--- End of remote traceback",
                "client: unsubscribed: true",
                "demo finished: OK");
        assertThat(out).as("the listener is not in the name server").doesNotContain("registered as example.listener");
    }
}
