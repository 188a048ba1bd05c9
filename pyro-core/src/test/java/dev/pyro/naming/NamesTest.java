package dev.pyro.naming;

import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

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

    @ParameterizedTest
    @ValueSource(strings = {
            "shop\u200b.cart",   // zero-width space (Cf)
            "shop\u200d.cart",   // zero-width joiner (Cf)
            "shop.\u202etrac",   // right-to-left override (Cf)
            "shop\u200e.cart",   // left-to-right mark (Cf)
            "\ufeffshop.cart",   // byte order mark (Cf)
            "shop\u2066.cart",   // left-to-right isolate (Cf)
            "shop.\ue000",       // private use (Co)
            "shop.\u0378"})      // unassigned (Cn)
    void invisibleFormatPrivateAndUnassignedCharactersAreRefusedNamingTheCodePoint(String name) {
        int bad = name.codePoints().filter(c -> Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.PRIVATE_USE || Character.getType(c) == Character.UNASSIGNED)
                .findFirst().orElseThrow();
        assertThatThrownBy(() -> Names.validate(name)).isInstanceOf(NamingException.class)
                .hasMessageContaining(String.format("U+%04X", bad)).hasMessageContaining("names must be printable text")
                .hasMessageContaining(String.format("\\u%04x", bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.\ud800", "shop.\udc00cart", "\ud83d"})
    void loneSurrogatesAreRefused(String name) {
        assertThatThrownBy(() -> Names.validate(name)).isInstanceOf(NamingException.class)
                .hasMessageContaining("lone surrogate");
    }

    @Test
    void aSurrogatePairIsOneCharacterAndAccepted() {
        assertThat(Names.validate("party.\ud83c\udf89")).isEqualTo("party.\ud83c\udf89"); // U+1F389 (So)
    }

    @Test
    void aNameNotInNfcIsRefusedShowingItsNfcSpelling() {
        String decomposed = "caf\u0065\u0301.menu"; // e + combining acute: looks like the NFC "caf\u00e9.menu"
        assertThatThrownBy(() -> Names.validate(decomposed)).isInstanceOf(NamingException.class)
                .hasMessageContaining("not in Unicode normalization form NFC")
                .hasMessageContaining("write it as 'caf\u00e9.menu'");
        assertThat(Names.validate("caf\u00e9.menu")).isEqualTo("caf\u00e9.menu");
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

    @Test
    void metadataTagsOfPrintableTextAreAcceptedSpacesIncluded() {
        Set<String> tags = Set.of("class:example.Thing", "tag with spaces", "名前", "", "x".repeat(Names.MAX_LENGTH));
        assertThat(Names.validateTags(tags, "shop")).isSameAs(tags);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "red\u001b[2J",     // an ANSI escape: would clear the terminal of whoever lists it
            "a\tb", "a\nb", "a\u0000b",
            "a\u00a0b",         // no-break space
            "a\u2028b",         // line separator
            "blue\u202e",       // right-to-left override (Cf)
            "x\ue000"})         // private use (Co)
    void metadataTagsWithControlOrInvisibleCharactersAreRefusedSayingWhichAndWhere(String escaped) {
        String tag = unescape(escaped);
        assertThatThrownBy(() -> Names.validateTags(Set.of("fine", tag), "shop"))
                .isInstanceOf(NamingException.class)
                .hasMessageContaining("invalid metadata tag '" + Names.printable(tag) + "' for 'shop'")
                .hasMessageContaining("at position")
                .hasMessageContaining("tags must be printable text");
    }

    @Test
    void tooManyOrOverLongMetadataTagsAreRefusedWithTheLimitInTheMessage() {
        Set<String> many = new java.util.TreeSet<>();
        for (int i = 0; i <= Names.MAX_TAGS; i++) {
            many.add("t" + i);
        }
        assertThatThrownBy(() -> Names.validateTags(many, "shop")).isInstanceOf(NamingException.class)
                .hasMessageContaining((Names.MAX_TAGS + 1) + " tags, the maximum is " + Names.MAX_TAGS);
        String longTag = "y".repeat(Names.MAX_LENGTH + 1);
        assertThatThrownBy(() -> Names.validateTags(Set.of(longTag), "shop")).isInstanceOf(NamingException.class)
                .hasMessageContaining((Names.MAX_LENGTH + 1) + " characters, the maximum is " + Names.MAX_LENGTH);
    }

    /** {@code \\uXXXX}, {@code \\t}, {@code \\n} to characters (annotation values cannot hold some of them). */
    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && s.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && s.charAt(i + 1) == 't') {
                sb.append('\t');
                i++;
            } else if (c == '\\' && s.charAt(i + 1) == 'n') {
                sb.append('\n');
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
