package dev.pyro.naming;

import dev.pyro.errors.NamingException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rules for the name server's dotted names: {@code shop.warehouse.stock} is the object {@code stock} in the
 * group {@code shop.warehouse}, which is in the group {@code shop}.
 */
final class Names {

    /** Longest accepted name, in characters; long enough for any sensible hierarchy, short enough to index. */
    static final int MAX_LENGTH = 512;
    /** The most metadata tags one registration may carry. */
    static final int MAX_TAGS = 256;
    /** The namespace Pyro keeps for itself. */
    static final String RESERVED_ROOT = "Pyro";
    /** The name (and object id) of the name server itself. */
    static final String NAMESERVER_NAME = "Pyro.NameServer";

    private Names() {
    }

    /**
     * Checks a name's syntax.
     *
     * @throws NamingException saying exactly what is wrong
     */
    static String validate(String name) {
        if (name.isEmpty()) {
            throw new NamingException("invalid name '': a name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new NamingException("invalid name '" + name.substring(0, 40) + "...': " + name.length()
                    + " characters, the maximum is " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new NamingException("invalid name '" + printable(name) + "': whitespace or control character at"
                        + " position " + i);
            }
            String category = invisibleCategory(c);
            if (category != null) {
                throw new NamingException("invalid name '" + printable(name) + "': " + category + " "
                        + codePoint(c) + " at position " + i + "; names must be printable text");
            }
            i += Character.charCount(c);
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw new NamingException("invalid name '" + printable(name) + "': not in Unicode normalization form NFC;"
                    + " write it as '" + printable(Normalizer.normalize(name, Normalizer.Form.NFC)) + "'");
        }
        if (name.startsWith(".")) {
            throw new NamingException("invalid name '" + name + "': must not start with a dot");
        }
        if (name.endsWith(".")) {
            throw new NamingException("invalid name '" + name + "': must not end with a dot");
        }
        if (name.contains("..")) {
            throw new NamingException("invalid name '" + name + "': empty part between two dots");
        }
        return name;
    }

    /**
     * Checks the metadata tags a client registers: at most {@link #MAX_TAGS}, each at most {@link #MAX_LENGTH}
     * characters of printable text (spaces allowed; no control, format or other invisible characters, which would
     * reach the terminal of whoever lists them with {@code nsc}). Pyro5 checks nothing; these limits leave every
     * tag a program writes on purpose alone.
     *
     * @throws NamingException saying which tag is wrong and why
     */
    static Set<String> validateTags(Set<String> tags, String name) {
        if (tags.size() > MAX_TAGS) {
            throw new NamingException("invalid metadata for '" + name + "': " + tags.size() + " tags, the maximum is "
                    + MAX_TAGS);
        }
        for (String tag : tags) {
            if (tag.length() > MAX_LENGTH) {
                throw new NamingException("invalid metadata tag '" + printable(tag.substring(0, 40)) + "...' for '"
                        + name + "': " + tag.length() + " characters, the maximum is " + MAX_LENGTH);
            }
            for (int i = 0; i < tag.length(); ) {
                int c = tag.codePointAt(i);
                String category = invisibleCategory(c);
                if (category == null && c != ' ' && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                    category = "whitespace other than a space";
                }
                if (category != null) {
                    throw new NamingException("invalid metadata tag '" + printable(tag) + "' for '" + name + "': "
                            + category + " " + codePoint(c) + " at position " + i + "; tags must be printable text");
                }
                i += Character.charCount(c);
            }
        }
        return tags;
    }

    /**
     * Checks that a name may be registered or created by a client: valid, and outside the reserved
     * {@code Pyro.} namespace.
     */
    static String validateWritable(String name) {
        validate(name);
        if (isReserved(name)) {
            throw new NamingException("name '" + name + "' is in the reserved '" + RESERVED_ROOT
                    + ".' namespace; choose a name outside it");
        }
        return name;
    }

    /** Whether the name is {@code Pyro} or lies under it. */
    static boolean isReserved(String name) {
        return name.equals(RESERVED_ROOT) || name.startsWith(RESERVED_ROOT + ".");
    }

    /** The proper prefixes that are groups of this name, outermost first: {@code a.b.c} gives {@code a, a.b}. */
    static List<String> parents(String name) {
        List<String> parents = new ArrayList<>();
        int dot = name.indexOf('.');
        while (dot > 0) {
            parents.add(name.substring(0, dot));
            dot = name.indexOf('.', dot + 1);
        }
        return parents;
    }

    /** The prefix every name inside the group starts with ({@code ""} for the root group). */
    static String childPrefix(String group) {
        return group.isEmpty() ? "" : group + ".";
    }

    /**
     * What makes a code point unfit for a name although it is not whitespace or a control character: the
     * Unicode categories Cf (format: zero-width and bidirectional marks), Cs (a lone surrogate), Co (private
     * use) and Cn (unassigned); they make names that look alike but differ. {@code null} when it is printable.
     */
    private static String invisibleCategory(int c) {
        return switch (Character.getType(c)) {
            case Character.FORMAT -> "invisible format character (Unicode category Cf)";
            case Character.SURROGATE -> "lone surrogate (Unicode category Cs)";
            case Character.PRIVATE_USE -> "private-use character (Unicode category Co)";
            case Character.UNASSIGNED -> "unassigned code point (Unicode category Cn)";
            case Character.CONTROL -> "control character (Unicode category Cc)";
            default -> null;
        };
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    /** The name as it can be shown in a message: every character that is not plainly visible escaped. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (Character.isISOControl(c) || (Character.isWhitespace(c) && c != ' ') || Character.isSpaceChar(c) && c != ' '
                    || invisibleCategory(c) != null || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.ENCLOSING_MARK) {
                sb.append(c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return sb.toString();
    }
}
