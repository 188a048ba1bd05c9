package dev.pyro.naming;

import dev.pyro.errors.NamingException;

import java.util.ArrayList;
import java.util.List;

/**
 * Rules for the name server's dotted names: {@code shop.warehouse.stock} is the object {@code stock} in the
 * group {@code shop.warehouse}, which is in the group {@code shop}.
 */
final class Names {

    /** Longest accepted name, in characters; long enough for any sensible hierarchy, short enough to index. */
    static final int MAX_LENGTH = 512;
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
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new NamingException("invalid name '" + printable(name) + "': whitespace or control character at"
                        + " position " + i);
            }
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

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isISOControl(c) || (Character.isWhitespace(c) && c != ' ')) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
