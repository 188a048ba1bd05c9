package dev.pyro;

import dev.pyro.errors.InvalidUriException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a remote object lives, in one of Pyro's URI forms.
 *
 * <ul>
 *   <li>{@code PYRO:objectId@host:port} — a direct location (also {@code PYRO://host:port/objectId});</li>
 *   <li>{@code PYRO:objectId@./u:/path/to/socket} — a direct location on a Unix domain socket of this machine (the
 *       socket file's path, absolute or relative to the working directory; it may not contain {@code ':'}), as in
 *       Pyro5. PYRONAME and PYROMETA URIs may name a name server that way too. There is no URL spelling for it;</li>
 *   <li>{@code PYRONAME:name[@host[:port]]} — a name to look up in the name server (also
 *       {@code PYRONAME://host:port/name});</li>
 *   <li>{@code PYROMETA:tag1,tag2[@host[:port]]} — any object whose name-server metadata has all tags;</li>
 *   <li>{@code PYROLOC://host:port/name} — ask the daemon at host:port directly for the object registered
 *       under that name, without a name server.</li>
 * </ul>
 * IPv6 hosts are written in brackets ({@code PYRO:obj@[::1]:9999}). Instances are immutable.
 *
 * <p>A URI has a TCP location ({@link #host()} and {@link #port()}), a Unix socket location ({@link #unixSocket()};
 * host {@code null}, port 0), or none (a PYRONAME or PYROMETA URI leaving the name server to be located).
 */
public final class PyroURI {

    /** The kinds of Pyro URI. */
    public enum Protocol {
        /** Direct location: object id, host and port. */
        PYRO,
        /** Resolved through the name server's {@code lookup}. */
        PYRONAME,
        /** Resolved through the name server's {@code yplookup} on metadata tags. */
        PYROMETA,
        /** Asks the daemon at host:port for a registered name, no name server involved. */
        PYROLOC
    }

    private static final Pattern PYRO5_FORM =
            Pattern.compile("(?<protocol>[Pp][Yy][Rr][Oo][a-zA-Z]*):(?<object>\\S+?)(@(?<location>.+))?");
    private static final Pattern URL_FORM =
            Pattern.compile("(?<protocol>[Pp][Yy][Rr][Oo][a-zA-Z]*)://(?<location>[^/]+)/(?<object>\\S+)");
    /** Default TCP port of the name server, used when a PYRONAME or PYROMETA URI gives a host but no port. */
    public static final int DEFAULT_NAMESERVER_PORT = 9090;
    /** How a location names a Unix domain socket (Pyro5's {@code ./u:}). */
    private static final String UNIX_PREFIX = "./u:";

    private final Protocol protocol;
    private final String object;
    private final Set<String> tags;
    private final String host;
    private final int port;
    private final String unixSocket;

    private PyroURI(Protocol protocol, String object, Set<String> tags, String host, int port, String unixSocket) {
        this.protocol = protocol;
        this.object = object;
        this.tags = tags;
        this.host = host;
        this.port = port;
        this.unixSocket = unixSocket;
    }

    /** A direct {@code PYRO:objectId@host:port} URI. */
    public static PyroURI direct(String objectId, String host, int port) {
        requireText(objectId, "object id");
        requireText(host, "host");
        if (host.startsWith(UNIX_PREFIX)) {
            throw new InvalidUriException("invalid uri for '" + objectId + "': host '" + host + "' is a Unix socket"
                    + " location; use PyroURI.directUnix(objectId, path)");
        }
        checkPort(port, objectId);
        return new PyroURI(Protocol.PYRO, objectId, Set.of(), stripBrackets(host), port, null);
    }

    /**
     * A direct {@code PYRO:objectId@./u:socketPath} URI: the object is served on the Unix domain socket at
     * {@code socketPath} (absolute, or relative to the working directory of whoever connects).
     *
     * @throws InvalidUriException if the path is empty or contains {@code ':'} (Pyro5 could not parse the URI)
     */
    public static PyroURI directUnix(String objectId, String socketPath) {
        requireText(objectId, "object id");
        return new PyroURI(Protocol.PYRO, objectId, Set.of(), null, 0,
                unixPath("PYRO:" + objectId + "@" + UNIX_PREFIX + socketPath, socketPath));
    }

    /**
     * The direct PYRO URI of {@code objectId} at this URI's location (host and port, or Unix socket); for example
     * the name server at a PYRONAME URI's location, or the PYRO form of a PYROLOC URI.
     *
     * @throws IllegalStateException if this URI has no location
     */
    public PyroURI withObject(String objectId) {
        if (unixSocket != null) {
            return directUnix(objectId, unixSocket);
        }
        if (host == null) {
            throw new IllegalStateException(this + " has no location to put object '" + objectId + "' at");
        }
        return direct(objectId, host, port);
    }

    /** A {@code PYRONAME:name} URI without a location: the name server is located by configuration or broadcast. */
    public static PyroURI name(String name) {
        requireText(name, "name");
        return new PyroURI(Protocol.PYRONAME, name, Set.of(), null, 0, null);
    }

    /**
     * Parses any of Pyro's URI spellings.
     *
     * @throws InvalidUriException saying what is wrong with the text
     */
    public static PyroURI parse(String text) {
        if (text == null) {
            throw new InvalidUriException("invalid uri: null; expected for example PYRO:objectId@host:port");
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidUriException("invalid uri: empty text; expected for example PYRO:objectId@host:port");
        }
        PyroURI plain = parsePlainPyro(trimmed);
        if (plain != null) {
            return plain;
        }
        Matcher url = URL_FORM.matcher(trimmed);
        if (url.matches()) {
            if (url.group("location").equals(".") && url.group("object").startsWith("u:")) {
                throw new InvalidUriException("invalid uri '" + trimmed + "': a Unix domain socket location has no"
                        + " URL spelling; write " + url.group("protocol").toUpperCase(java.util.Locale.ROOT)
                        + ":objectId@./u:/path/to/socket");
            }
            return fromParts(trimmed, url.group("protocol"), url.group("object"), url.group("location"));
        }
        Matcher m = PYRO5_FORM.matcher(trimmed);
        if (!m.matches()) {
            throw new InvalidUriException("invalid uri '" + trimmed
                    + "': expected PYRO:objectId@host:port, PYRONAME:name[@host[:port]], PYROMETA:tags[@host[:port]]"
                    + " or PYRO://host:port/objectId, PYRONAME://host:port/name, PYROLOC://host:port/name");
        }
        return fromParts(trimmed, m.group("protocol"), m.group("object"), m.group("location"));
    }

    /**
     * The common {@code PYRO:objectId@location} without the regular expressions (a name server parses the URI of
     * every lookup); {@code null} for anything else, which then takes the full path. Splits exactly where
     * {@link #PYRO5_FORM} does: the object ends at the first {@code @}, has no whitespace, and the location is not
     * empty and has no line break.
     */
    private static PyroURI parsePlainPyro(String text) {
        if (!text.startsWith("PYRO:") || text.startsWith("PYRO://")) {
            return null;
        }
        int at = text.indexOf('@', 5);
        if (at <= 5 || at == text.length() - 1) {
            return null;
        }
        for (int i = 5; i < at; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                return null;
            }
        }
        for (int i = at + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null;
            }
        }
        return fromParts(text, "PYRO", text.substring(5, at), text.substring(at + 1));
    }

    private static PyroURI fromParts(String text, String protocolText, String object, String location) {
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(protocolText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidUriException("invalid uri '" + text + "': unknown protocol '" + protocolText
                    + "' (use PYRO, PYRONAME, PYROMETA or PYROLOC)");
        }
        if (object.isEmpty()) {
            throw new InvalidUriException("invalid uri '" + text + "': the object part is empty");
        }
        String host = null;
        int port = 0;
        String unixSocket = null;
        if (location != null && location.startsWith(UNIX_PREFIX)) {
            unixSocket = unixPath(text, location.substring(UNIX_PREFIX.length()));
        } else if (location != null) {
            String[] hp = splitLocation(text, location);
            host = hp[0];
            if (hp[1] != null) {
                port = parsePort(text, hp[1]);
            }
        }
        switch (protocol) {
            case PYRO, PYROLOC -> {
                if (unixSocket != null) {
                    return new PyroURI(protocol, object, Set.of(), null, 0, unixSocket);
                }
                if (host == null || host.isEmpty()) {
                    throw new InvalidUriException("invalid uri '" + text + "': " + protocol + " needs a location host:port");
                }
                if (port == 0) {
                    throw new InvalidUriException("invalid uri '" + text + "': " + protocol + " needs a port in host:port");
                }
                return new PyroURI(protocol, object, Set.of(), host, port, null);
            }
            case PYRONAME -> {
                if (host != null && port == 0) {
                    port = DEFAULT_NAMESERVER_PORT;
                }
                return new PyroURI(protocol, object, Set.of(), host, port, unixSocket);
            }
            default -> {
                Set<String> tags = new LinkedHashSet<>();
                for (String tag : object.split(",")) {
                    if (!tag.isBlank()) {
                        tags.add(tag.strip());
                    }
                }
                if (tags.isEmpty()) {
                    throw new InvalidUriException("invalid uri '" + text + "': PYROMETA needs at least one tag");
                }
                if (host != null && port == 0) {
                    port = DEFAULT_NAMESERVER_PORT;
                }
                return new PyroURI(protocol, String.join(",", tags), Collections.unmodifiableSet(tags), host, port,
                        unixSocket);
            }
        }
    }

    /** The socket path of a {@code ./u:} location: Pyro5 refuses an empty one and one with a ':' in it. */
    private static String unixPath(String text, String path) {
        if (path == null || path.isBlank() || path.indexOf(':') >= 0) {
            throw new InvalidUriException("invalid uri '" + text + "': a Unix domain socket location is ./u:"
                    + " followed by the socket's path, which must not be empty nor contain ':'");
        }
        return path;
    }

    private static String[] splitLocation(String text, String location) {
        if (location.startsWith("[")) {
            int close = location.indexOf(']');
            if (close < 0) {
                throw new InvalidUriException("invalid uri '" + text + "': IPv6 host has no closing ']'");
            }
            String host = location.substring(1, close);
            if (host.isEmpty() || host.startsWith("[")) {
                throw new InvalidUriException("invalid uri '" + text + "': invalid IPv6 host '" + location + "'");
            }
            String rest = location.substring(close + 1);
            if (rest.isEmpty()) {
                return new String[]{host, null};
            }
            if (!rest.startsWith(":")) {
                throw new InvalidUriException("invalid uri '" + text + "': expected ':port' after the IPv6 host");
            }
            return new String[]{host, rest.substring(1)};
        }
        int colon = location.indexOf(':');
        if (colon < 0) {
            return new String[]{location, null};
        }
        return new String[]{location.substring(0, colon), location.substring(colon + 1)};
    }

    private static int parsePort(String text, String portText) {
        try {
            int port = Integer.parseInt(portText.strip());
            if (port < 1 || port > 65535) {
                throw new InvalidUriException("invalid uri '" + text + "': port " + port + " is not in 1..65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new InvalidUriException("invalid uri '" + text + "': invalid port '" + portText + "' (must be a number)");
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidUriException("invalid uri: " + what + " must be non-empty text without whitespace, got '"
                    + value + "'");
        }
    }

    private static void checkPort(int port, String objectId) {
        if (port < 1 || port > 65535) {
            throw new InvalidUriException("invalid uri for '" + objectId + "': port " + port + " is not in 1..65535");
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The URI's kind. */
    public Protocol protocol() {
        return protocol;
    }

    /** The object id (PYRO), the name (PYRONAME, PYROLOC) or the comma-joined tags (PYROMETA). */
    public String object() {
        return object;
    }

    /** The metadata tags of a PYROMETA URI; empty for the other kinds. */
    public Set<String> tags() {
        return tags;
    }

    /**
     * The host, without IPv6 brackets; {@code null} for a PYRONAME/PYROMETA URI without location and for a Unix
     * socket location.
     */
    public String host() {
        return host;
    }

    /** The port; 0 for a PYRONAME/PYROMETA URI without location and for a Unix socket location. */
    public int port() {
        return port;
    }

    /**
     * The path of the Unix domain socket this URI's location names ({@code ./u:path}); {@code null} for a TCP
     * location or none.
     */
    public String unixSocket() {
        return unixSocket;
    }

    /** Whether this URI names a location directly (PYRO), so no lookup is needed before connecting. */
    public boolean isDirect() {
        return protocol == Protocol.PYRO;
    }

    /**
     * "host:port", with IPv6 hosts in brackets, or {@code ./u:path} for a Unix socket (Pyro5's location string);
     * {@code null} when there is no location.
     */
    public String location() {
        if (unixSocket != null) {
            return UNIX_PREFIX + unixSocket;
        }
        if (host == null) {
            return null;
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == 0 ? h : h + ":" + port;
    }

    /**
     * The five-element state Pyro5 uses for a URI inside a payload:
     * {@code [protocol, object, sockname, host, port]} (PYROLOC travels as a direct PYRO URI).
     */
    public List<Object> state() {
        List<Object> state = new ArrayList<>(5);
        state.add(protocol == Protocol.PYROLOC ? Protocol.PYRO.name() : protocol.name());
        state.add(protocol == Protocol.PYROMETA ? new LinkedHashSet<>(tags) : object);
        state.add(unixSocket);
        state.add(host);
        state.add(host == null ? null : port);
        return state;
    }

    /**
     * The URI a five-element Pyro5 state {@code [protocol, object, sockname, host, port]} describes (the inverse
     * of {@link #state()}; the object may be a collection of tags for PYROMETA).
     *
     * @throws InvalidUriException if the state does not describe a valid URI
     */
    public static PyroURI fromState(List<?> state) {
        if (state == null || state.size() != 5) {
            throw new InvalidUriException("invalid uri: a Pyro5.core.URI needs a 5-element state"
                    + " [protocol, object, sockname, host, port], got " + state);
        }
        Object object = state.get(1);
        Object sockname = state.get(2);
        Object host = state.get(3);
        Object port = state.get(4);
        String objectText = object instanceof java.util.Collection<?> tags
                ? String.join(",", tags.stream().map(String::valueOf).toList()) : String.valueOf(object);
        String location = sockname != null ? "@" + UNIX_PREFIX + sockname
                : host == null ? "" : "@" + (String.valueOf(host).contains(":") ? "[" + host + "]" : host)
                + (port == null ? "" : ":" + port);
        return parse(state.get(0) + ":" + objectText + location);
    }

    @Override
    public String toString() {
        String loc = location();
        return protocol.name() + ":" + object + (loc == null ? "" : "@" + loc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyroURI other && protocol == other.protocol && port == other.port
                && object.equals(other.object) && Objects.equals(host, other.host)
                && Objects.equals(unixSocket, other.unixSocket);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, object, host, port, unixSocket);
    }
}
