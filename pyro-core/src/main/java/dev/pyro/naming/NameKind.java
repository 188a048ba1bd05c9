package dev.pyro.naming;

import java.util.Locale;

/** What a name in the name server's hierarchy stands for. */
public enum NameKind {
    /** A group: a prefix under which other names live, like a directory. */
    GROUP,
    /** A registered object: the name maps to a URI. */
    OBJECT;

    /** The lower-case word used on the wire and by nsc ({@code "group"} or {@code "object"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind for a wire word.
     *
     * @throws IllegalArgumentException for anything but {@code "group"} or {@code "object"}
     */
    public static NameKind fromWireName(String word) {
        return switch (word) {
            case "group" -> GROUP;
            case "object" -> OBJECT;
            default -> throw new IllegalArgumentException("unknown name kind '" + word + "' (expected group or object)");
        };
    }
}
