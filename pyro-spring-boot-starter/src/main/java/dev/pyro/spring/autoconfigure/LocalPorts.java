package dev.pyro.spring.autoconfigure;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import java.util.HashMap;
import java.util.Map;

/** Publishes the ports Pyro actually bound ({@code local.pyro.*}), as Boot does with {@code local.server.port}. */
final class LocalPorts {

    private static final String SOURCE = "pyro.ports";

    private LocalPorts() {
    }

    @SuppressWarnings("unchecked")
    static void publish(Environment environment, String name, int port) {
        if (!(environment instanceof ConfigurableEnvironment env)) {
            return;
        }
        MutablePropertySources sources = env.getPropertySources();
        PropertySource<?> source = sources.get(SOURCE);
        if (source == null) {
            source = new MapPropertySource(SOURCE, new HashMap<>());
            sources.addFirst(source);
        }
        ((Map<String, Object>) source.getSource()).put(name, port);
    }
}
