package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.errors.WrongArgumentsException;
import dev.pyro.internal.PlainValues;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A decimal is a few bytes on the wire whatever its exponent: {@code 1e60000000} must neither come back as
 * sixty million characters nor reach a method as a value whose plain form is that long.
 */
class DecimalAmplificationTest {

    private Daemon daemon;
    private PyroProxy proxy;

    /** Returns the decimal it is given, and a huge decimal of its own. */
    public static class Calculator {
        public BigDecimal echo(BigDecimal value) {
            return value;
        }

        public BigDecimal huge() {
            return new BigDecimal("1e60000000");
        }
    }

    @BeforeEach
    void start() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        daemon.register(new Calculator(), "calc");
        proxy = Pyro.proxy("PYRO:calc@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
    }

    @AfterEach
    void stop() {
        proxy.close();
        daemon.close();
    }

    @Test
    void whenAMethodReturnsAHugeExponentDecimalThenItTravelsInScientificNotation() {
        assertThat(proxy.call("huge")).isEqualTo("1E+60000000");
    }

    @Test
    void whenAHugeExponentDecimalIsSentForADecimalParameterThenTheCallIsRefusedNamingItsScale() {
        assertThatThrownBy(() -> proxy.call("echo", "1e60000000")).isInstanceOf(WrongArgumentsException.class)
                .hasMessageContaining("argument 'value' of echo(value)")
                .hasMessageContaining("scale -60000000")
                .hasMessageContaining(PlainValues.MAX_DECIMAL_DIGITS + " digits");
        assertThat(proxy.call("echo", "12.50")).as("the connection is still usable").isEqualTo("12.50");
        assertThat(proxy.call("echo", "1E+4299")).as("at the limit: accepted, and written out")
                .isEqualTo("1" + "0".repeat(4299));
    }
}
