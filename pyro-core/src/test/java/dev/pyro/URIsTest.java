package dev.pyro;

import dev.pyro.errors.InvalidUriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class URIsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PYRO:obj@host:9999 | PYRO | obj | host | 9999 | PYRO:obj@host:9999",
            "pyro:obj@host:9999 | PYRO | obj | host | 9999 | PYRO:obj@host:9999",
            "PYRO:obj@[::1]:9999 | PYRO | obj | ::1 | 9999 | PYRO:obj@[::1]:9999",
            "PYRO://host:9999/obj | PYRO | obj | host | 9999 | PYRO:obj@host:9999",
            "PYRONAME:shop.stock | PYRONAME | shop.stock | | 0 | PYRONAME:shop.stock",
            "PYRONAME:shop.stock@nshost | PYRONAME | shop.stock | nshost | 9090 | PYRONAME:shop.stock@nshost:9090",
            "PYRONAME:shop.stock@nshost:1234 | PYRONAME | shop.stock | nshost | 1234 | PYRONAME:shop.stock@nshost:1234",
            "PYRONAME://nshost:1234/shop.stock | PYRONAME | shop.stock | nshost | 1234 | PYRONAME:shop.stock@nshost:1234",
            "PYROLOC://host:7766/shop.stock | PYROLOC | shop.stock | host | 7766 | PYROLOC:shop.stock@host:7766",
            "PYROMETA:a,b@nshost | PYROMETA | a,b | nshost | 9090 | PYROMETA:a,b@nshost:9090",
    })
    void whenParsingEachSpellingThenPartsAndTextAreRight(String text, String protocol, String object, String host,
                                                         int port, String printed) {
        PyroURI uri = PyroURI.parse(text);
        assertThat(uri.protocol().name()).isEqualTo(protocol);
        assertThat(uri.object()).isEqualTo(object);
        assertThat(uri.host()).isEqualTo(host);
        assertThat(uri.port()).isEqualTo(port);
        assertThat(uri.toString()).isEqualTo(printed);
        assertThat(PyroURI.parse(uri.toString())).isEqualTo(uri);
    }

    @Test
    void whenMetaUriThenTagsAreSplitAndStripped() {
        assertThat(PyroURI.parse("PYROMETA:red,,blue@ns").tags()).containsExactly("red", "blue");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'' | empty",
            "obj@host:9999 | expected PYRO:objectId@host:port",
            "PYROX:obj@host:1 | unknown protocol 'PYROX'",
            "PYRO:obj | needs a location",
            "PYRO:obj@host | needs a port",
            "PYRO:obj@host:abc | invalid port 'abc'",
            "PYRO:obj@host:70000 | not in 1..65535",
            "PYRO:obj@[::1:99 | no closing ']'",
            "PYRO:obj@./u:/tmp/sock | Unix domain sockets are not supported",
            "PYROMETA:, | at least one tag",
    })
    void whenUriIsMalformedThenTheErrorSaysWhatIsWrong(String text, String expected) {
        assertThatThrownBy(() -> PyroURI.parse(text)).isInstanceOf(InvalidUriException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void whenUriTextIsNullThenClearError() {
        assertThatThrownBy(() -> PyroURI.parse(null)).isInstanceOf(InvalidUriException.class).hasMessageContaining("null");
    }
}
