package dev.pyro.internal;

import dev.pyro.errors.SerializeException;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CBOR's binary numbers against Python's digit limit: a decimal fraction (tag 4) or a bignum (tag 2) of a few
 * bytes must not become a number of millions of digits in the receiver.
 */
class CborNumberLimitsTest {

    private final Serializer cbor = Serializers.standard().byName("cbor");

    /** An INVOKE payload {@code ["obj", "m", [argument], {}]} around the raw CBOR bytes of one argument. */
    private static byte[] callWithArgument(byte... argument) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x84, 0x63, 'o', 'b', 'j', 0x61, 'm', (byte) 0x81});
        out.writeBytes(argument);
        out.write(0xA0);
        return out.toByteArray();
    }

    /** Tag 4, [exponent, mantissa]: mantissa x 10^exponent (mantissa 0 to 23, a one-byte CBOR integer). */
    private static byte[] decimalFraction(int exponent, int mantissa) {
        byte[] e = exponent >= 0
                ? new byte[]{0x1A, (byte) (exponent >>> 24), (byte) (exponent >>> 16), (byte) (exponent >>> 8),
                (byte) exponent}
                : new byte[]{0x3A, (byte) ((-1 - exponent) >>> 24), (byte) ((-1 - exponent) >>> 16),
                (byte) ((-1 - exponent) >>> 8), (byte) (-1 - exponent)};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0xC4, (byte) 0x82});
        out.writeBytes(e);
        out.write(mantissa);
        return out.toByteArray();
    }

    @Test
    void whenADecimalFractionWithAHugeExponentArrivesThenTheCallIsRefusedNamingItsScale() {
        byte[] payload = callWithArgument(decimalFraction(60_000_000, 1));
        assertThat(payload.length).as("a handful of bytes").isLessThan(20);

        assertThatThrownBy(() -> cbor.deserializeCall(payload)).isInstanceOf(SerializeException.class)
                .hasMessageContaining("invalid cbor data")
                .hasMessageContaining("scale -60000000")
                .hasMessageContaining(PlainValues.MAX_DECIMAL_DIGITS + " digits");
        assertThatThrownBy(() -> cbor.deserializeCall(callWithArgument(decimalFraction(-60_000_000, 1))))
                .isInstanceOf(SerializeException.class).hasMessageContaining("scale 60000000");
    }

    @Test
    void whenAHugeDecimalHidesDeepInsideContainersThenItIsFoundToo() {
        byte[] nested = new byte[]{(byte) 0x81, (byte) 0xA1, 0x61, 'k', (byte) 0x81};
        byte[] decimal = decimalFraction(60_000_000, 1);
        byte[] argument = new byte[nested.length + decimal.length];
        System.arraycopy(nested, 0, argument, 0, nested.length);
        System.arraycopy(decimal, 0, argument, nested.length, decimal.length);

        assertThatThrownBy(() -> cbor.deserializeCall(callWithArgument(argument)))
                .isInstanceOf(SerializeException.class).hasMessageContaining("scale -60000000");
    }

    @Test
    void whenABignumLongerThanTheDigitLimitArrivesThenItIsRefused() {
        int length = 4000; // 32,000 bits: about 9,600 decimal digits (Jackson refuses beyond 4300 bytes itself)
        ByteArrayOutputStream bignum = new ByteArrayOutputStream();
        bignum.writeBytes(new byte[]{(byte) 0xC2, 0x59, (byte) (length >>> 8), (byte) length});
        for (int i = 0; i < length; i++) {
            bignum.write(0x7F);
        }

        assertThatThrownBy(() -> cbor.deserializeCall(callWithArgument(bignum.toByteArray())))
                .isInstanceOf(SerializeException.class).hasMessageContaining("longer than "
                        + PlainValues.MAX_INT_DIGITS + " digits");
    }

    @Test
    void whenNumbersAreWithinTheLimitsThenTheyArriveExactly() {
        BigInteger big = BigInteger.TEN.pow(PlainValues.MAX_INT_DIGITS - 1);

        Object decoded = cbor.deserialize(cbor.serialize(List.of(big, 7)));
        Object fraction = cbor.deserializeCall(callWithArgument(decimalFraction(-2, 5))).args().get(0);

        assertThat(decoded).isEqualTo(List.of(big, 7));
        assertThat(fraction).isEqualTo(new BigDecimal("0.05"));
    }
}
