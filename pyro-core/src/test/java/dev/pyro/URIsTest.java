package dev.pyro;

import dev.pyro.errors.InvalidUriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PYRO:obj@./u:/tmp/pyro.sock | PYRO | /tmp/pyro.sock | PYRO:obj@./u:/tmp/pyro.sock",
            "pyro:obj@./u:relative.sock | PYRO | relative.sock | PYRO:obj@./u:relative.sock",
            "PYRONAME:shop.stock@./u:/run/ns.sock | PYRONAME | /run/ns.sock | PYRONAME:shop.stock@./u:/run/ns.sock",
            "PYROMETA:a,b@./u:/run/ns.sock | PYROMETA | /run/ns.sock | PYROMETA:a,b@./u:/run/ns.sock",
            "PYROLOC:shop@./u:/tmp/d.sock | PYROLOC | /tmp/d.sock | PYROLOC:shop@./u:/tmp/d.sock",
    })
    void whenALocationIsAUnixSocketThenItIsKeptAndPrintedAsPyro5Does(String text, String protocol, String socket,
                                                                       String printed) {
        PyroURI uri = PyroURI.parse(text);
        assertThat(uri.protocol().name()).isEqualTo(protocol);
        assertThat(uri.unixSocket()).isEqualTo(socket);
        assertThat(uri.host()).isNull();
        assertThat(uri.port()).isZero();
        assertThat(uri.location()).isEqualTo("./u:" + socket);
        assertThat(uri.toString()).isEqualTo(printed);
        assertThat(PyroURI.parse(printed)).isEqualTo(uri).hasSameHashCodeAs(uri);
    }

    @Test
    void whenUrisDifferOnlyInTheirLocationKindThenTheyAreNotEqual() {
        PyroURI unix = PyroURI.directUnix("obj", "/tmp/s");
        assertThat(unix).isEqualTo(PyroURI.parse("PYRO:obj@./u:/tmp/s"));
        assertThat(unix).isNotEqualTo(PyroURI.parse("PYRO:obj@./u:/tmp/t"));
        assertThat(unix).isNotEqualTo(PyroURI.direct("obj", "localhost", 9999));
        assertThat(PyroURI.parse("PYRO:obj@host:1").unixSocket()).isNull();
        assertThatThrownBy(() -> PyroURI.directUnix("obj", "a:b")).isInstanceOf(InvalidUriException.class);
        assertThatThrownBy(() -> PyroURI.direct("obj", "./u:/tmp/s", 1)).isInstanceOf(InvalidUriException.class)
                .hasMessageContaining("use PyroURI.directUnix");
    }

    @Test
    void whenAUriTravelsAsPyro5StateThenTheSocketIsTheSocknameElement() {
        PyroURI unix = PyroURI.directUnix("obj", "/tmp/s");
        assertThat(unix.state()).containsExactly("PYRO", "obj", "/tmp/s", null, null);
        assertThat(PyroURI.fromState(unix.state())).isEqualTo(unix);
        PyroURI tcp = PyroURI.parse("PYRO:obj@[::1]:9999");
        assertThat(tcp.state()).containsExactly("PYRO", "obj", null, "::1", 9999);
        assertThat(PyroURI.fromState(tcp.state())).isEqualTo(tcp);
        assertThat(PyroURI.fromState(java.util.Arrays.asList("PYROMETA", java.util.Set.of("t"), "/ns", null, null)))
                .isEqualTo(PyroURI.parse("PYROMETA:t@./u:/ns"));
        assertThatThrownBy(() -> PyroURI.fromState(java.util.List.of("PYRO", "x")))
                .isInstanceOf(InvalidUriException.class).hasMessageContaining("5-element state");
    }

    @Test
    void whenAnObjectIsPutAtAUrisLocationThenTheLocationKindIsKept() {
        assertThat(PyroURI.parse("PYRONAME:x@./u:/ns").withObject("Pyro.NameServer"))
                .isEqualTo(PyroURI.parse("PYRO:Pyro.NameServer@./u:/ns"));
        assertThat(PyroURI.parse("PYROLOC://host:7766/shop").withObject("shop"))
                .isEqualTo(PyroURI.parse("PYRO:shop@host:7766"));
        assertThatThrownBy(() -> PyroURI.name("x").withObject("y")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no location");
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
            "PYRO:obj@./u: | must not be empty nor contain ':'",
            "PYRO:obj@./u:/tmp/a:b | must not be empty nor contain ':'",
            "PYRO://./u:/tmp/sock/obj | has no URL spelling; write PYRO:objectId@./u:/path/to/socket",
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

    /**
     * {@code PYRO:} in capitals takes a path without regular expressions; any other spelling of the protocol takes
     * the regular expression. Both must split every text alike, odd ones included, or refuse it alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {"obj@host:9999", "a.b.c@127.0.0.1:1", "obj@[::1]:9999", "obj@./u:/tmp/x.sock",
            "a@b@host:1", "obj@host", "obj@host:notaport", "obj@", "@host:1", "obj", "ob j@host:1", "obj@ho st:1",
            "obj@host:1\n", "obj@host\u2028:1", "x\ty@host:1", "obj@:1", "obj@host:99999", "//host:1/obj"})
    void whenAPlainPyroUriTakesTheFastPathThenItIsSplitExactlyAsByTheRegularExpression(String rest) {
        PyroURI viaRegex;
        try {
            viaRegex = PyroURI.parse("pyro:" + rest);
        } catch (InvalidUriException refused) {
            assertThatThrownBy(() -> PyroURI.parse("PYRO:" + rest)).isInstanceOf(InvalidUriException.class)
                    .hasMessage(refused.getMessage().replace("'pyro:", "'PYRO:"));
            return;
        }
        PyroURI fast = PyroURI.parse("PYRO:" + rest);
        assertThat(fast).isEqualTo(viaRegex);
        assertThat(fast.toString()).isEqualTo(viaRegex.toString());
        assertThat(fast.unixSocket()).isEqualTo(viaRegex.unixSocket());
    }
}
