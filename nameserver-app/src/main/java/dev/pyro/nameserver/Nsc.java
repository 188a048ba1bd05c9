package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.PyroException;
import dev.pyro.naming.NameKind;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.naming.Registration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * nsc, the name server control tool: Pyro5 nsc's commands (same names, arguments and output) plus the group
 * commands. Exit codes: 0 done, 1 the name server refused (unknown name, name taken ...), 2 usage error,
 * 3 name server not reachable. Results go to stdout, errors to stderr.
 */
@Command(name = "nsc", mixinStandardHelpOptions = true, version = "nsc (Pyro for Java) 0.1",
        description = "Controls a Pyro name server (ours or Python's Pyro5).",
        subcommands = {Nsc.Ping.class, Nsc.ListNames.class, Nsc.ListMatching.class, Nsc.Lookup.class,
                Nsc.Register.class, Nsc.Remove.class, Nsc.RemoveMatching.class, Nsc.YplookupAll.class,
                Nsc.YplookupAny.class, Nsc.SetMeta.class, Nsc.Count.class, Nsc.CreateGroup.class,
                Nsc.DeleteGroup.class, Nsc.Tree.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  1  the name server refused (unknown name, name already registered, ...)",
                "  2  usage error", "  3  the name server cannot be reached"})
final class Nsc implements Runnable {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    @Option(names = {"-n", "--host"}, scope = ScopeType.INHERIT,
            description = "Host of the name server (default: PYRO_NS_HOST, then broadcast discovery).")
    String host;

    @Option(names = {"-p", "--port"}, scope = ScopeType.INHERIT,
            description = "Port of the name server (default: PYRO_NS_PORT or 9090; without -n also the broadcast port, as Pyro5).")
    int port;

    @Option(names = {"-s", "--serializer"}, scope = ScopeType.INHERIT,
            description = "serpent (default, as Pyro5 nsc), json or msgpack.")
    String serializer;

    @Option(names = {"-t", "--timeout"}, scope = ScopeType.INHERIT, defaultValue = "5",
            description = "Seconds to wait for connecting and for each answer (default ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--uri", scope = ScopeType.INHERIT,
            description = "The name server's URI, as it printed it or wrote it to its uri-file.")
    String uri;

    @Option(names = {"-b", "--broadcast"}, scope = ScopeType.INHERIT,
            description = "Find the name server by UDP broadcast only (to PYRO_BROADCAST_ADDRS on PYRO_NS_BCPORT,"
                    + " or on -p), skipping the configured host.")
    boolean broadcastOnly;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Say what nsc is doing.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintStream out;
    private InputStream in;

    /**
     * Runs nsc with the given arguments.
     *
     * @return the exit code
     */
    static int execute(String[] args, PrintStream out, PrintStream err, InputStream in) {
        Nsc nsc = new Nsc();
        nsc.out = out;
        nsc.in = in;
        CommandLine cli = new CommandLine(nsc);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(errorText(e));
            return exitCode(e);
        });
        return cli.execute(args);
    }

    /** Without a command: usage error, like Pyro5's "invalid or missing command". */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "invalid or missing command");
    }

    static int exitCode(Exception e) {
        if (isUnreachable(e)) {
            return UNREACHABLE;
        }
        if (e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return REFUSED;
    }

    /**
     * Whether the name server could not be reached: not found, or the connection failed locally. An error the name
     * server sent back (it carries a remote traceback), even a communication error such as a SerializeException, is
     * an answer from a reachable name server: a refusal. So is a value this side could not serialize.
     */
    static boolean isUnreachable(Exception e) {
        if (e instanceof Unreachable) {
            return true;
        }
        return e instanceof CommunicationException && !(e instanceof dev.pyro.errors.SerializeException)
                && dev.pyro.errors.RemoteTraceback.of(e).isEmpty();
    }

    static String errorText(Exception e) {
        if (isUnreachable(e)) {
            return "Error: cannot reach the name server: " + e.getMessage();
        }
        if (e instanceof CommandLine.ParameterException) {
            return "nsc: " + e.getMessage();
        }
        String type = e instanceof NamingException ? "NamingError" : e.getClass().getSimpleName();
        return "Error: " + type + " - " + e.getMessage();
    }

    /** The name server could not be found or connected to. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    NameServerProxy connect() {
        PyroConfig base = PyroConfig.fromEnvironment();
        Duration wait = Duration.ofMillis(Math.max(1, (long) (timeout * 1000)));
        PyroConfig.Builder config = base.toBuilder().connectTimeout(wait).callTimeout(wait);
        String chosen = serializer != null ? serializer
                : System.getenv("PYRO_SERIALIZER") != null ? base.client().serializer() : "serpent";
        try {
            config.serializer(dev.pyro.serializer.Serializers.standard().byName(chosen.strip().toLowerCase(java.util.Locale.ROOT))
                    .name());
        } catch (PyroException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--serializer: " + e.getMessage());
        }
        if (verbose) {
            out.println("Locating name server...");
        }
        int ways = (broadcastOnly ? 1 : 0) + (host != null ? 1 : 0) + (uri != null ? 1 : 0);
        if (ways > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give only one of --host, --broadcast and --uri");
        }
        PyroURI given = null;
        if (uri != null) {
            try {
                given = PyroURI.parse(uri.strip());
            } catch (PyroException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--uri: " + e.getMessage());
            }
        }
        try {
            NameServerProxy ns;
            if (given != null) {
                ns = NameServerLocator.connect(given, config.build());
            } else if (broadcastOnly) {
                ns = NameServerLocator.locate(withBroadcastOnly(config, port));
            } else {
                ns = NameServerLocator.locate(host, port, config.build());
            }
            if (verbose) {
                out.println("Name server found: " + ns.uri());
            }
            return ns;
        } catch (PyroException e) {
            throw new Unreachable(e.getMessage(), e);
        }
    }

    private static PyroConfig withBroadcastOnly(PyroConfig.Builder config, int port) {
        config.nsHost(null);
        if (port > 0) {
            config.nsBroadcastPort(port);
        }
        return config.build();
    }

    void println(String line) {
        out.println(line);
    }

    /** Pyro5 nsc's listing format. */
    void printList(Map<String, Registration> result, String title) {
        out.println("--------START LIST " + title);
        new TreeMap<>(result).forEach((name, registration) -> {
            out.println(name + " --> " + registration.uri());
            if (!registration.metadata().isEmpty()) {
                out.println("    metadata: " + pythonSet(registration.metadata()));
            }
        });
        out.println("--------END LIST " + title);
    }

    static String pythonSet(Set<String> tags) {
        return tags.stream().map(t -> "'" + t.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** Base of the commands: connects, runs, closes. */
    abstract static class NsCommand implements Callable<Integer> {
        @ParentCommand
        Nsc nsc;

        @Override
        public Integer call() {
            try (NameServerProxy ns = nsc.connect()) {
                run(ns);
            }
            if (nsc.verbose) {
                nsc.println("Done.");
            }
            return OK;
        }

        abstract void run(NameServerProxy ns);
    }

    @Command(name = "ping", description = "Checks that the name server answers.")
    static final class Ping extends NsCommand {
        @Override
        void run(NameServerProxy ns) {
            ns.ping();
            nsc.println("Name server ping ok.");
        }
    }

    @Command(name = "list", description = "Lists all registrations, or those whose name starts with PREFIX.")
    static final class ListNames extends NsCommand {
        @Parameters(arity = "0..1", paramLabel = "PREFIX")
        String prefix;

        @Override
        void run(NameServerProxy ns) {
            if (prefix == null) {
                nsc.printList(ns.listWithMetadata(null, null), "");
            } else {
                nsc.printList(ns.listWithMetadata(prefix, null), "- prefix '" + prefix + "'");
            }
        }
    }

    @Command(name = "listmatching", description = "Lists the registrations whose name matches REGEX (at its start).")
    static final class ListMatching extends NsCommand {
        @Parameters(paramLabel = "REGEX")
        String regex;

        @Override
        void run(NameServerProxy ns) {
            nsc.printList(ns.listWithMetadata(null, regex), "- regex '" + regex + "'");
        }
    }

    @Command(name = "lookup", description = "Prints the URI (and metadata) registered under NAME.")
    static final class Lookup extends NsCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(NameServerProxy ns) {
            Registration registration = ns.lookupWithMetadata(name);
            nsc.println(registration.uri().toString());
            if (!registration.metadata().isEmpty()) {
                nsc.println("    metadata: " + pythonSet(registration.metadata()));
            }
        }
    }

    @Command(name = "register", description = "Registers URI under NAME; fails when NAME is taken.")
    static final class Register extends NsCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "URI")
        String uri;

        @Override
        void run(NameServerProxy ns) {
            // The text goes as it is: the name server validates it and answers "invalid uri" like Pyro5.
            ns.proxy().call("register", name, uri, true);
            nsc.println("Registered " + name);
        }
    }

    @Command(name = "remove", description = "Removes the registration NAME.")
    static final class Remove extends NsCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(NameServerProxy ns) {
            nsc.println(ns.remove(name) > 0 ? "Removed " + name : "Nothing removed");
        }
    }

    @Command(name = "removematching", description = "Removes every registration whose name matches REGEX; asks first.")
    static final class RemoveMatching extends NsCommand {
        @Parameters(paramLabel = "REGEX")
        String regex;

        @Option(names = {"-y", "--yes"}, description = "Do not ask (for scripts).")
        boolean yes;

        @Override
        void run(NameServerProxy ns) {
            if (!yes) {
                nsc.out.print("Potentially removing lots of items from the Name server. Are you sure (y/n)?");
                nsc.out.flush();
                String answer = readLine(nsc.in);
                if (!answer.strip().equalsIgnoreCase("y")) {
                    nsc.println("Nothing removed");
                    return;
                }
            }
            nsc.println(ns.removeMatching(regex) + " items removed.");
        }
    }

    @Command(name = "yplookup_all", description = "Lists the registrations that have all the metadata TAGs.")
    static final class YplookupAll extends NsCommand {
        @Parameters(arity = "1..*", paramLabel = "TAG")
        List<String> tags;

        @Override
        void run(NameServerProxy ns) {
            nsc.printList(ns.yplookupAll(new LinkedHashSet<>(tags)), " - searched by metadata");
        }
    }

    @Command(name = "yplookup_any", description = "Lists the registrations that have any of the metadata TAGs.")
    static final class YplookupAny extends NsCommand {
        @Parameters(arity = "1..*", paramLabel = "TAG")
        List<String> tags;

        @Override
        void run(NameServerProxy ns) {
            nsc.printList(ns.yplookupAny(new LinkedHashSet<>(tags)), " - searched by metadata");
        }
    }

    @Command(name = "setmeta", description = "Replaces the metadata of NAME with the TAGs (none: clears it).")
    static final class SetMeta extends NsCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "TAG")
        List<String> tags = new ArrayList<>();

        @Override
        void run(NameServerProxy ns) {
            ns.setMetadata(name, new LinkedHashSet<>(tags));
            nsc.println(tags.isEmpty() ? "Metadata cleared" : "Metadata updated");
        }
    }

    @Command(name = "count", description = "Prints the number of registrations.")
    static final class Count extends NsCommand {
        @Override
        void run(NameServerProxy ns) {
            nsc.println(String.valueOf(ns.count()));
        }
    }

    @Command(name = "create", description = "Creates the group GROUP (and the groups above it).")
    static final class CreateGroup extends NsCommand {
        @Parameters(paramLabel = "GROUP")
        String group;

        @Override
        void run(NameServerProxy ns) {
            nsc.println(ns.createGroup(group) ? "Created group " + group : "Group " + group + " already exists");
        }
    }

    @Command(name = "delete", description = "Deletes the group GROUP; a group that is not empty only with -r.")
    static final class DeleteGroup extends NsCommand {
        @Parameters(paramLabel = "GROUP")
        String group;

        @Option(names = {"-r", "--recursive"}, description = "Also remove everything inside the group.")
        boolean recursive;

        @Override
        void run(NameServerProxy ns) {
            int removed = ns.deleteGroup(group, recursive);
            nsc.println("Deleted group " + group + (removed > 0 ? " and " + removed + " registration(s) in it" : ""));
        }
    }

    @Command(name = "tree", description = "Shows the names as a tree of groups, from GROUP or the root.")
    static final class Tree extends NsCommand {
        @Parameters(arity = "0..1", paramLabel = "GROUP")
        String group;

        @Override
        void run(NameServerProxy ns) {
            String root = group == null ? "" : group;
            Map<String, PyroURI> objects = ns.list(root.isEmpty() ? null : root + ".");
            TreeMap<String, NameKind> all = new TreeMap<>();
            if (ns.proxy().methods().contains("list_group")) {
                collect(ns, root, all); // our name server: also shows empty groups
            } else {
                objects.keySet().forEach(name -> addWithGroups(name, root, all)); // Pyro5: groups from the names
            }
            nsc.println(root.isEmpty() ? "." : root);
            print(root, all, objects, "");
        }

        private void collect(NameServerProxy ns, String group, Map<String, NameKind> all) {
            ns.listGroup(group).forEach((child, kind) -> {
                all.put(child, kind);
                if (kind == NameKind.GROUP) {
                    collect(ns, child, all);
                }
            });
        }

        private static void addWithGroups(String name, String root, Map<String, NameKind> all) {
            String rest = root.isEmpty() ? name : name.substring(root.length() + 1);
            String prefix = root;
            String[] parts = rest.split("\\.");
            for (int i = 0; i < parts.length; i++) {
                prefix = prefix.isEmpty() ? parts[i] : prefix + "." + parts[i];
                if (i == parts.length - 1) {
                    all.putIfAbsent(prefix, NameKind.OBJECT);
                } else {
                    all.put(prefix, NameKind.GROUP); // a registered name may also have names below it
                }
            }
        }

        private void print(String group, TreeMap<String, NameKind> all, Map<String, PyroURI> objects, String indent) {
            String prefix = group.isEmpty() ? "" : group + ".";
            List<String> children = all.keySet().stream()
                    .filter(n -> n.startsWith(prefix) && n.indexOf('.', prefix.length()) < 0).toList();
            for (int i = 0; i < children.size(); i++) {
                String child = children.get(i);
                boolean last = i == children.size() - 1;
                String label = child.substring(prefix.length());
                if (all.get(child) == NameKind.GROUP) {
                    PyroURI uri = objects.get(child); // a group may also be a registered object
                    nsc.println(indent + (last ? "`-- " : "+-- ") + label + "/" + (uri == null ? "" : " --> " + uri));
                    print(child, all, objects, indent + (last ? "    " : "|   "));
                } else {
                    PyroURI uri = objects.get(child);
                    nsc.println(indent + (last ? "`-- " : "+-- ") + label + (uri == null ? "" : " --> " + uri));
                }
            }
        }
    }

    private static String readLine(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
