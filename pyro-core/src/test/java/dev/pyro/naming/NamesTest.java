package dev.pyro.naming;

import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "shop", "shop.warehouse.stock", "example.thing2", "x-y_z:1", "ünïcode.名前", "Pyro.NameServer"})
    void wellFormedNamesAreAccepted(String name) {
        assertThat(Names.validate(name)).isEqualTo(name);
    }

    @Test
    void emptyNameIsRefused() {
        assertThatThrownBy(() -> Names.validate("")).isInstanceOf(NamingException.class).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {".a", ".a.b"})
    void leadingDotIsRefused(String name) {
        assertThatThrownBy(() -> Names.validate(name)).isInstanceOf(NamingException.class)
                .hasMessageContaining("must not start with a dot");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.", "a.b."})
    void trailingDotIsRefused(String name) {
        assertThatThrownBy(() -> Names.validate(name)).isInstanceOf(NamingException.class)
                .hasMessageContaining("must not end with a dot");
    }

    @Test
    void doubleDotIsRefused() {
        assertThatThrownBy(() -> Names.validate("a..b")).isInstanceOf(NamingException.class)
                .hasMessageContaining("empty part between two dots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", " a", "a\tb", "a\nb", "a\u00a0b", "a\u0000b"})
    void whitespaceAndControlCharactersAreRefused(String name) {
        assertThatThrownBy(() -> Names.validate(name)).isInstanceOf(NamingException.class)
                .hasMessageContaining("whitespace or control character");
    }

    @Test
    void overLongNameIsRefusedWithTheLimitInTheMessage() {
        String name = "a".repeat(Names.MAX_LENGTH + 1);
        assertThatThrownBy(() -> Names.validate(name)).isInstanceOf(NamingException.class)
                .hasMessageContaining("maximum is " + Names.MAX_LENGTH);
        assertThat(Names.validate("a".repeat(Names.MAX_LENGTH))).hasSize(Names.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pyro", "Pyro.NameServer", "Pyro.anything.else"})
    void reservedNamespaceIsNotWritable(String name) {
        assertThatThrownBy(() -> Names.validateWritable(name)).isInstanceOf(NamingException.class)
                .hasMessageContaining("reserved 'Pyro.' namespace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pyrotechnics", "pyro.lower", "my.Pyro.thing"})
    void namesThatOnlyLookReservedAreWritable(String name) {
        assertThat(Names.validateWritable(name)).isEqualTo(name);
    }

    @Test
    void parentsAreEveryProperPrefixOutermostFirst() {
        assertThat(Names.parents("a.b.c")).containsExactly("a", "a.b");
        assertThat(Names.parents("a")).isEmpty();
    }
}
