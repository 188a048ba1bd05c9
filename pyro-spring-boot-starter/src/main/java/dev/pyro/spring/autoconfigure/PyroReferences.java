package dev.pyro.spring.autoconfigure;

import dev.pyro.NamingConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.InvalidUriException;
import dev.pyro.errors.PyroException;
import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.spring.PyroObject;
import dev.pyro.spring.PyroReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's {@link PyroReference}s: makes (once per URI, type and settings block) the proxy each injection
 * point gets, with the client of its settings block, and remembers every reference for the startup check and the
 * actuator endpoint.
 */
public final class PyroReferences implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PyroReferences.class);

    /** One reference as the application declared it, with what is known about it. */
    public static final class Reference {
        private final String injectionPoint;
        private final String declared;
        private final PyroURI uri;
        private final Class<?> type;
        private final String config;
        private final PyroProperties.Check check;
        private final PyroClient client;
        private volatile String state = "not checked (references connect on first use)";
        private volatile String lastError;

        Reference(String injectionPoint, String declared, PyroURI uri, Class<?> type, String config,
                  PyroProperties.Check check, PyroClient client) {
            this.injectionPoint = injectionPoint;
            this.declared = declared;
            this.uri = uri;
            this.type = type;
            this.config = config;
            this.check = check;
            this.client = client;
        }

        /** Where it is injected (first injection point seen). */
        public String injectionPoint() {
            return injectionPoint;
        }

        /** The annotation's value as written. */
        public String declared() {
            return declared;
        }

        /** The URI the proxy is made for. */
        public PyroURI uri() {
            return uri;
        }

        /** The declared type. */
        public Class<?> type() {
            return type;
        }

        /** Name of its settings block. */
        public String config() {
            return config;
        }

        /** The settings its proxy uses (its block over the defaults). */
        public dev.pyro.ClientConfig clientConfig() {
            return client.config();
        }

        /** How it is checked when the application is ready. */
        public PyroProperties.Check check() {
            return check;
        }

        /** What the last check found. */
        public String state() {
            return state;
        }

        /** The last error, or {@code null}. */
        public String lastError() {
            return lastError;
        }
    }

    private record Key(String uri, Class<?> type, String config) {
    }

    private record Made(Reference reference, Object proxy) {
    }

    private final PyroClient client;
    private final PyroProperties properties;
    private final NamingConfig naming;
    private final List<ClientInterceptor> interceptors;
    private final ConfigurableListableBeanFactory beanFactory;
    private final Environment environment;
    // In the order the injection points were met, so checks and reports are deterministic.
    private final Map<Key, Made> made = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private final Map<String, PyroClient> blockClients = new ConcurrentHashMap<>();

    PyroReferences(PyroClient client, PyroProperties properties, NamingConfig naming,
                   List<ClientInterceptor> interceptors, ConfigurableListableBeanFactory beanFactory,
                   Environment environment) {
        this.client = client;
        this.properties = properties;
        this.naming = naming;
        this.interceptors = interceptors;
        this.beanFactory = beanFactory;
        this.environment = environment;
    }

    /**
     * The value for one injection point: a bean of the type if the context has one that is not an exported
     * {@link PyroObject} (a mock in a test), else the proxy.
     *
     * @throws PyroConfigurationException naming the injection point when the URI is not valid
     */
    public Object resolve(Class<?> type, PyroReference annotation, String injectionPoint) {
        Object local = localBean(type);
        if (local != null) {
            return local;
        }
        String declared;
        try {
            declared = environment.resolveRequiredPlaceholders(annotation.value()).strip();
        } catch (IllegalArgumentException e) {
            throw new PyroConfigurationException(injectionPoint, "@PyroReference(\"" + annotation.value()
                    + "\") has a placeholder that cannot be resolved: " + e.getMessage(),
                    "Define the property, or give the name or URI directly.", e);
        }
        PyroURI uri = toUri(declared, annotation.value(), injectionPoint);
        String config = annotation.config().isBlank() ? declared : annotation.config();
        Key key = new Key(uri.toString(), type, config);
        return made.computeIfAbsent(key, k -> make(k, type, uri, declared, config, injectionPoint)).proxy();
    }

    private Made make(Key key, Class<?> type, PyroURI uri, String declared, String config, String injectionPoint) {
        PyroProperties.ClientSettings own = properties.getClient().getReferences().get(config);
        PyroClient blockClient = own == null ? client : blockClients.computeIfAbsent(config, c -> PyroClient.builder()
                .config(Settings.client(properties, c, own, client.config().tls())).naming(naming)
                .interceptors(interceptors)
                .handshake(PyroAuthAutoConfiguration.clientHandshake(properties)).shareExportsWith(client).build());
        Object proxy;
        try {
            proxy = type == PyroProxy.class || type == Object.class ? blockClient.proxy(uri)
                    : blockClient.proxy(uri, type);
        } catch (IllegalArgumentException e) {
            throw new PyroConfigurationException(injectionPoint, "@PyroReference needs an interface type (or"
                    + " PyroProxy), got " + type.getName(), "Declare the field or parameter with the remote"
                    + " interface, or PyroProxy for a generic proxy.", e);
        }
        Reference reference = new Reference(injectionPoint, declared, uri, type, config, Settings.check(properties, own),
                blockClient);
        return new Made(reference, proxy);
    }

    private static PyroURI toUri(String declared, String raw, String injectionPoint) {
        try {
            if (declared.regionMatches(true, 0, "PYRO", 0, 4) && declared.contains(":")) {
                return PyroURI.parse(declared);
            }
            return PyroURI.parse("PYRONAME:" + declared);
        } catch (InvalidUriException e) {
            throw new PyroConfigurationException(injectionPoint, "@PyroReference(\"" + raw + "\") is not a valid"
                    + " name or URI: " + e.getMessage(), "Use a name-server name (shop.warehouse) or a URI such as"
                    + " PYRO:obj@host:port, PYRONAME:name, PYROMETA:tag, PYROLOC:obj@host:port.", e);
        }
    }

    private Object localBean(Class<?> type) {
        if (!type.isInterface() || type == PyroProxy.class) {
            return null;
        }
        String[] names = beanFactory.getBeanNamesForType(type, true, false);
        String found = null;
        for (String name : names) {
            if (beanFactory.findAnnotationOnBean(name, PyroObject.class) != null) {
                continue;
            }
            if (found != null) {
                return null;
            }
            found = name;
        }
        return found == null ? null : beanFactory.getBean(found);
    }

    /** Every reference made so far. */
    public List<Reference> references() {
        synchronized (made) {
            List<Reference> out = new ArrayList<>();
            made.values().forEach(m -> out.add(m.reference()));
            return out;
        }
    }

    /**
     * Checks each reference as its check mode says (connects once, then disconnects).
     *
     * @throws PyroConfigurationException for the first reference with check FAIL that cannot be reached
     */
    public void check() {
        for (Reference r : references()) {
            if (r.check() == PyroProperties.Check.NONE) {
                continue;
            }
            check(r);
            if (r.lastError() != null) {
                String problem = "@PyroReference(\"" + r.declared() + "\") at " + r.injectionPoint() + " ("
                        + r.uri() + ") cannot be reached: " + r.lastError();
                if (r.check() == PyroProperties.Check.FAIL) {
                    throw new PyroConfigurationException(r.injectionPoint(), problem, "Start the name server and the"
                            + " application that exports it, correct the name or URI, or set pyro.client.check=warn"
                            + " (or per reference pyro.client.references[" + r.config() + "].check) to start anyway.",
                            null);
                }
                log.warn("{} (it will be tried again on first use)", problem);
            }
        }
    }

    /** Checks one reference now; records and returns whether it answered. */
    public boolean check(Reference r) {
        PyroProxy probe = r.client.proxy(r.uri());
        try {
            probe.methods();
            r.state = "reachable";
            r.lastError = null;
            return true;
        } catch (PyroException e) {
            r.state = "unreachable";
            r.lastError = e.getMessage();
            return false;
        } finally {
            probe.close();
        }
    }

    @Override
    public void destroy() {
        blockClients.values().forEach(PyroClient::close);
    }
}
