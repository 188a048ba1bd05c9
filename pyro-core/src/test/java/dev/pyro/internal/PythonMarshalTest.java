package dev.pyro.internal;

import dev.pyro.errors.SerializeException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python's marshal for the BLBI annotation: what CPython 3 writes is read, what we write reads back. */
@SuppressWarnings("unchecked")
class PythonMarshalTest {

    @Test
    void readsWhatCPythonWritesWithReferenceFlagsAndShortForms() {
        // marshal.dumps((('a',1,2.5,None,True,b'x',[1],{'k':'v'},2**40),'obj','m')) on CPython 3.11
        byte[] data = HexFormat.of().parseHex("29032909da0161e901000000e700000000000004404e54f301000000785b01000000"
                + "72010000007bda016bda017630ec03000000000000000004da036f626ada016d");
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("k", "v");
        List<Object> top = (List<Object>) PythonMarshal.loads(data);
        List<Object> info = (List<Object>) top.get(0);
        assertThat(top.subList(1, 3)).containsExactly("obj", "m");
        assertThat(info.subList(0, 5)).containsExactly("a", 1, 2.5, null, true);
        assertThat((byte[]) info.get(5)).containsExactly('x');
        assertThat(info.get(6)).isEqualTo(List.of(1));
        assertThat(info.get(7)).isEqualTo(dict);
        // the second 1 is a reference (type 'r') to the first
        assertThat(info.get(8)).isEqualTo(1L << 40);
    }

    @Test
    void writesValuesThatReadBack() {
        Object[] tuple = {"info", -7, 1L << 40, BigInteger.ONE.shiftLeft(100).negate(), 0.5, null, false,
                new byte[]{1, 2}, List.of("x"), Map.of("k", 1)};
        List<Object> back = (List<Object>) PythonMarshal.loads(PythonMarshal.dumps(tuple));
        assertThat(back.get(0)).isEqualTo("info");
        assertThat(back.get(1)).isEqualTo(-7);
        assertThat(back.get(2)).isEqualTo(1L << 40);
        assertThat(back.get(3)).isEqualTo(BigInteger.ONE.shiftLeft(100).negate());
        assertThat(back.subList(4, 7)).containsExactly(0.5, null, false);
        assertThat((byte[]) back.get(7)).containsExactly(1, 2);
        assertThat(back.subList(8, 10)).containsExactly(List.of("x"), Map.of("k", 1));
    }

    @Test
    void refusesTruncatedDataUnknownTypesAndValuesPythonCannotMarshal() {
        assertThatThrownBy(() -> PythonMarshal.loads(new byte[]{'(', 5, 0, 0, 0}))
                .isInstanceOf(SerializeException.class).hasMessageContaining("length 5 exceeds the data");
        assertThatThrownBy(() -> PythonMarshal.loads(new byte[]{(byte) 0xe3, 0}))
                .isInstanceOf(SerializeException.class).hasMessageContaining("only plain values");
        assertThatThrownBy(() -> PythonMarshal.dumps(new Object())).isInstanceOf(SerializeException.class)
                .hasMessageContaining("cannot marshal a java.lang.Object");
    }
}
