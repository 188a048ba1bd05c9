package dev.pyro.naming;

import dev.pyro.errors.NamingException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A client-supplied regular expression with bounded cost, matched with Python's {@code re.match} semantics
 * (anchored at the start of the name only).
 *
 * <p>Java's regex engine backtracks, so a hostile pattern such as {@code (a+)+b} can take exponential time.
 * Instead of trusting patterns, every match reads the name through a {@link CharSequence} that counts
 * character reads against a budget shared by all matches of one request; when the budget is spent the
 * request fails with a NamingError and the worker thread is free again. One instance serves one request on
 * one thread.
 */
final class SafeRegex {

    /** Longest accepted pattern, in characters. */
    static final int MAX_PATTERN_LENGTH = 1000;
    /** Character reads one request may spend on matching (a few hundred milliseconds at most). */
    static final long DEFAULT_BUDGET = 10_000_000L;

    private final String source;
    private final Pattern pattern;
    private long remaining;

    private SafeRegex(String source, Pattern pattern, long budget) {
        this.source = source;
        this.pattern = pattern;
        this.remaining = budget;
    }

    /**
     * Compiles a Python-style pattern with the default budget.
     *
     * @throws NamingException "invalid regex: ..." when the pattern is too long or does not compile
     */
    static SafeRegex compile(String source) {
        return compile(source, DEFAULT_BUDGET);
    }

    /** Compiles a Python-style pattern with a given budget of character reads. */
    static SafeRegex compile(String source, long budget) {
        if (source.length() > MAX_PATTERN_LENGTH) {
            throw new NamingException("invalid regex: pattern is " + source.length() + " characters long, the maximum is "
                    + MAX_PATTERN_LENGTH);
        }
        try {
            return new SafeRegex(source, Pattern.compile(toJavaSyntax(source)), budget);
        } catch (PatternSyntaxException e) {
            throw new NamingException("invalid regex: " + e.getDescription() + " at position " + Math.max(0, e.getIndex()));
        } catch (StackOverflowError e) {
            // Deeply nested groups overflow the compiler's recursion; that is the pattern's fault, not the server's.
            throw new NamingException("invalid regex: pattern is nested too deeply");
        }
    }

    /**
     * Whether the pattern matches at the start of {@code name} (Python {@code re.match}).
     *
     * @throws NamingException when this request's matching budget is spent
     */
    boolean matches(String name) {
        Matcher matcher = pattern.matcher(new CountingChars(name));
        try {
            return matcher.lookingAt();
        } catch (BudgetSpent e) {
            throw new NamingException("regex too expensive: '" + source + "' needs too much backtracking;"
                    + " simplify the pattern");
        } catch (StackOverflowError e) {
            throw new NamingException("regex too expensive: '" + source + "' recurses too deeply; simplify the pattern");
        }
    }

    /**
     * Rewrites the Python-only spellings into Java's: named groups {@code (?P<n>...)} and back references
     * {@code (?P=n)}, and {@code \Z} (Python's absolute end, Java's {@code \z}).
     */
    static String toJavaSyntax(String python) {
        StringBuilder java = new StringBuilder(python.length());
        int i = 0;
        while (i < python.length()) {
            char c = python.charAt(i);
            if (c == '\\' && i + 1 < python.length()) {
                char next = python.charAt(i + 1);
                java.append('\\').append(next == 'Z' ? 'z' : next);
                i += 2;
            } else if (python.startsWith("(?P<", i)) {
                java.append("(?<");
                i += 4;
            } else if (python.startsWith("(?P=", i)) {
                int close = python.indexOf(')', i);
                if (close < 0) {
                    java.append(python, i, python.length());
                    break;
                }
                java.append("\\k<").append(python, i + 4, close).append('>');
                i = close + 1;
            } else {
                java.append(c);
                i++;
            }
        }
        return java.toString();
    }

    /** Thrown inside the matcher when the budget is spent; cheap, without a stack trace. */
    private static final class BudgetSpent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    /** The name as the matcher sees it: every character read costs one unit of the budget. */
    private final class CountingChars implements CharSequence {
        private final String text;

        CountingChars(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--remaining < 0) {
                throw new BudgetSpent();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
