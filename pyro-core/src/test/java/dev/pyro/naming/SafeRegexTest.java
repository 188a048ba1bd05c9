package dev.pyro.naming;

import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SafeRegexTest {

    @Test
    void matchIsAnchoredAtTheStartOnlyLikePythonReMatch() {
        SafeRegex regex = SafeRegex.compile("example\\.thing\\d");
        assertThat(regex.matches("example.thing2")).isTrue();
        assertThat(regex.matches("example.thing2.more")).isTrue();
        assertThat(regex.matches("my.example.thing2")).isFalse();
        assertThat(regex.matches("example.thing")).isFalse();
    }

    @Test
    void pythonNamedGroupsAndBackReferencesAreUnderstood() {
        SafeRegex regex = SafeRegex.compile("(?P<first>[a-z]+)\\.(?P=first)\\Z");
        assertThat(regex.matches("abc.abc")).isTrue();
        assertThat(regex.matches("abc.abd")).isFalse();
    }

    @Test
    void whenPatternDoesNotCompileThenInvalidRegexNamingError() {
        assertThatThrownBy(() -> SafeRegex.compile("[invalid")).isInstanceOf(NamingException.class)
                .hasMessageStartingWith("invalid regex: ");
    }

    @Test
    void whenPatternIsOverLongThenInvalidRegexNamingError() {
        assertThatThrownBy(() -> SafeRegex.compile("a".repeat(SafeRegex.MAX_PATTERN_LENGTH + 1)))
                .isInstanceOf(NamingException.class).hasMessageContaining("maximum is");
    }

    @Test
    void whenPatternBacktracksCatastrophicallyThenItIsStoppedQuicklyWithANamingError() {
        // Nested quantifiers Java's engine cannot short-cut: exponential without a budget.
        SafeRegex hostile = SafeRegex.compile("(.*a){50}");
        String victim = "a".repeat(40) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> hostile.matches(victim)).isInstanceOf(NamingException.class)
                        .hasMessageContaining("regex too expensive"));
    }

    @Test
    void budgetIsSharedByAllMatchesOfOneRequest() {
        SafeRegex regex = SafeRegex.compile("a*b", 100);
        String name = "a".repeat(30);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                regex.matches(name);
            }
        }).isInstanceOf(NamingException.class);
    }
}
