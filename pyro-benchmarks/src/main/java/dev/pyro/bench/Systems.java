package dev.pyro.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * All systems the benchmark knows, in table order.
 */
final class Systems {

    /** The baseline that latency and throughput ratios are computed against. */
    static final String RMI = "rmi";
    /** The floor that latency and throughput ratios are computed against. */
    static final String TCP = "tcp";
    /** The gRPC system that the throughput target refers to. */
    static final String GRPC = "grpc";

    private Systems() {
    }

    static List<BenchSystem> all() {
        List<BenchSystem> systems = new ArrayList<>(PyroSystem.all());
        systems.add(new RmiSystem());
        systems.add(new GrpcSystem());
        systems.add(new TcpSystem());
        return systems;
    }

    static BenchSystem byName(String name) {
        return all().stream()
                .filter(s -> s.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown system '" + name + "', known: "
                        + all().stream().map(BenchSystem::name).toList()));
    }
}
