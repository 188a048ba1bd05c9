package dev.pyro.wire;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Pyro5 golden wire vectors captured from real Python Pyro5 peers ({@code shared/interop/pyro5/*.json}, see the
 * README there): located by walking up from the working directory, loaded once per file.
 */
final class GoldenVectors {

    /** Scenario files the vectors come in (each exists for serpent, json and msgpack). */
    static final List<String> SCENARIOS = List.of("handshake", "call", "exception", "oneway", "attributes",
            "nameserver", "ping", "batch", "streaming", "proxyuri", "compression", "context");
    static final List<String> SERIALIZERS = List.of("serpent", "json", "msgpack");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, List<Record>> CACHE = new ConcurrentHashMap<>();
    private static volatile Path dir;

    private GoldenVectors() {
    }

    /**
     * One captured TCP message or UDP datagram.
     *
     * @param file      file name, e.g. {@code call-json.json}
     * @param scenario  e.g. {@code call}
     * @param serializer serializer of the file, e.g. {@code json}
     * @param index     position in the capture
     * @param conn      relay connection number ({@code -1} for UDP)
     * @param label     the step description
     * @param transport {@code tcp} or {@code udp}
     * @param direction {@code c2s} or {@code s2c}
     * @param bytes     the exact bytes on the wire
     * @param decoded   the capture tool's dissection
     */
    record Record(String file, String scenario, String serializer, int index, int conn, String label,
                  String transport, String direction, byte[] bytes, JsonNode decoded) {

        boolean tcp() {
            return "tcp".equals(transport);
        }

        boolean clientToServer() {
            return "c2s".equals(direction);
        }

        /** Whether the capture tool saw a Pyro5 message here (not raw garbage, not UDP). */
        boolean pyroMessage() {
            return tcp() && bytes.length > 0 && decoded.has("msg_type");
        }

        int msgType() {
            return decoded.get("msg_type").asInt();
        }

        int serializerId() {
            return decoded.get("serializer_id").asInt();
        }

        int flags() {
            return decoded.get("flags").asInt();
        }

        int seq() {
            return decoded.get("seq").asInt();
        }

        boolean headerValid() {
            return decoded.path("header_valid").booleanValue(false);
        }

        /** The payload after decompression, as the capture tool saw it. */
        byte[] payload() {
            JsonNode d = decoded.get("payload_decompressed_hex");
            return GoldenVectors.hex((d != null ? d : decoded.get("payload_hex")).asString());
        }

        String id() {
            return scenario + "-" + serializer + "#" + index;
        }

        @Override
        public String toString() {
            return id() + " (" + label + ")";
        }
    }

    /** The vector directory: {@code -Dpyro5.vectors=...}, or {@code shared/interop/pyro5} in an ancestor. */
    static Path dir() {
        Path d = dir;
        if (d == null) {
            d = locate();
            dir = d;
        }
        return d;
    }

    private static Path locate() {
        String configured = System.getProperty("pyro5.vectors");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolve("shared/interop/pyro5"), p.resolve("../shared/interop/pyro5"))) {
                if (Files.isRegularFile(candidate.resolve("index.json"))) {
                    return candidate.normalize();
                }
            }
        }
        throw new IllegalStateException("cannot find the Pyro5 golden vectors (shared/interop/pyro5/index.json)"
                + " in " + start + " or any parent directory; set -Dpyro5.vectors=<dir>");
    }

    /** Every vector file name ({@code <scenario>-<serializer>.json}), sorted. */
    static List<String> files() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && n.contains("-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Record> load(String scenario, String serializer) {
        return load(scenario + "-" + serializer + ".json");
    }

    static List<Record> load(String fileName) {
        return CACHE.computeIfAbsent(fileName, GoldenVectors::read);
    }

    private static List<Record> read(String fileName) {
        String base = fileName.substring(0, fileName.length() - ".json".length());
        String scenario = base.substring(0, base.lastIndexOf('-'));
        String serializer = base.substring(base.lastIndexOf('-') + 1);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(dir().resolve(fileName)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Record> out = new ArrayList<>();
        for (JsonNode r : root.values()) {
            JsonNode conn = r.get("conn");
            out.add(new Record(fileName, scenario, serializer, r.get("index").asInt(),
                    conn == null || conn.isNull() ? -1 : conn.asInt(), r.get("label").asString(),
                    r.get("transport").asString(), r.get("direction").asString(), hex(r.get("hex").asString()),
                    r.get("decoded")));
        }
        return List.copyOf(out);
    }

    /** The record with this capture index. */
    static Record record(String scenario, String serializer, int index) {
        return load(scenario, serializer).stream().filter(r -> r.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no record " + scenario + "-" + serializer + "#" + index));
    }

    static byte[] hex(String text) {
        return HEX.parseHex(text);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
