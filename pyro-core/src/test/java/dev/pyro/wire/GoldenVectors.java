package dev.pyro.wire;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Pyro5 golden wire vectors captured from real Python Pyro5 peers: copies of {@code shared/interop/pyro5/*.json}
 * kept as test resources in {@code dev/pyro/wire/pyro5/} (see the README there), read from the test classpath and
 * loaded once per file.
 */
final class GoldenVectors {

    /** Scenario files the vectors come in (each exists for serpent, json and msgpack). */
    static final List<String> SCENARIOS = List.of("handshake", "call", "exception", "oneway", "attributes",
            "nameserver", "ping", "batch", "streaming", "proxyuri", "compression", "context");
    static final List<String> SERIALIZERS = List.of("serpent", "json", "msgpack");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, List<Record>> CACHE = new ConcurrentHashMap<>();
    private static volatile List<String> files;

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

    /** Classpath folder of the vectors, relative to this class's package. */
    static final String RESOURCE_DIR = "pyro5/";

    /**
     * Every vector file name ({@code <scenario>-<serializer>.json}), sorted, as listed in the vectors'
     * {@code index.json} (a classpath folder cannot be listed portably, so the index is the manifest).
     */
    static List<String> files() {
        List<String> f = files;
        if (f == null) {
            JsonNode index = readTree("index.json");
            List<String> names = new ArrayList<>();
            for (JsonNode entry : index.values()) {
                names.add(entry.get("file").asString());
            }
            f = names.stream().filter(n -> n.endsWith(".json") && n.contains("-")).sorted().toList();
            files = f;
        }
        return f;
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
        JsonNode root = readTree(fileName);
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

    /** Parses one file of the vector folder from the test classpath; fails naming the resource if it is absent. */
    private static JsonNode readTree(String fileName) {
        String resource = RESOURCE_DIR + fileName;
        String absolute = "/" + GoldenVectors.class.getPackageName().replace('.', '/') + "/" + resource;
        try (InputStream in = GoldenVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Pyro5 golden vector resource not found on the test classpath: "
                        + absolute + " (expected in pyro-core/src/test/resources" + absolute + ")");
            }
            return JSON.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Pyro5 golden vector resource " + absolute, e);
        }
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
