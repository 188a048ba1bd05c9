package dev.pyro.spring.autoconfigure;

import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.PyroException;
import dev.pyro.naming.LeaseKeeper;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import dev.pyro.server.InstanceMode;
import dev.pyro.spring.PyroObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's daemon and its {@link PyroObject} beans, through the application's life:
 * <ol>
 *   <li>{@link #start()} (a {@link SmartLifecycle}): binds the daemon and exports every {@code @PyroObject} bean;</li>
 *   <li>{@link ApplicationReadyEvent}: registers the names in the name server, with leases kept alive, so no client
 *       is sent here before the application can take calls;</li>
 *   <li>{@link ContextClosedEvent} (before anything stops): removes the names;</li>
 *   <li>{@link #stop(Runnable)}: after the web server's graceful drain, stops accepting and lets calls in progress
 *       finish within {@code pyro.daemon.shutdown.grace-period}, asynchronously.</li>
 * </ol>
 */
public final class PyroExports implements SmartLifecycle, SmartApplicationListener {

    /** Runs after Boot's web server graceful shutdown (DEFAULT_PHASE - 1024) and web server stop (- 2048). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(PyroExports.class);

    /** One exported bean. */
    public record Export(String beanName, String name, String objectId, PyroURI uri, InstanceMode mode,
                         boolean register, Set<String> metadata) {
    }

    private final Daemon daemon;
    private final PyroClient client;
    private final PyroProperties properties;
    private final ConfigurableListableBeanFactory beanFactory;
    private final Environment environment;
    private final Map<String, Export> exports = new LinkedHashMap<>();
    private final Object registrationLock = new Object();
    private volatile boolean running;
    private volatile boolean online;
    private LeaseKeeper keeper;
    private ScheduledExecutorService retry;
    private volatile String registrationState = "not registered yet (names are registered when the application is ready)";

    PyroExports(Daemon daemon, PyroClient client, PyroProperties properties, ConfigurableListableBeanFactory beanFactory,
                Environment environment) {
        this.daemon = daemon;
        this.client = client;
        this.properties = properties;
        this.beanFactory = beanFactory;
        this.environment = environment;
    }

    @Override
    public void start() {
        try {
            daemon.start();
        } catch (CommunicationException e) {
            if (daemon.config().unixSocket() != null) {
                throw new PyroConfigurationException("pyro.daemon.unix-socket", "the daemon cannot listen on the Unix"
                        + " socket " + daemon.config().unixSocket() + ": " + e.getMessage(),
                        "Stop what serves there, or move a file that is not a socket (or create the missing"
                                + " directory), or set pyro.daemon.unix-socket to another path.", e);
            }
            throw new PyroConfigurationException("pyro.daemon.port", "the daemon cannot listen on "
                    + daemon.config().host() + ":" + daemon.config().port() + ": " + e.getMessage(),
                    "Free the port, or set pyro.daemon.port to another one (0 picks any free port).", e);
        }
        if (daemon.config().unixSocket() == null) {
            LocalPorts.publish(environment, "local.pyro.daemon.port", daemon.port());
        }
        try {
            exportBeans();
        } catch (RuntimeException e) {
            daemon.shutdown(Duration.ZERO);
            throw e;
        }
        running = true;
        if (!exports.isEmpty()) {
            keepAlive();
        }
    }

    /**
     * Pyro's threads are daemon threads, so an application that only serves remote objects (no web server)
     * would exit right after starting; like Pyro5's requestLoop, a daemon serving exported beans keeps the JVM
     * alive. An application that exports nothing (a client) is not kept alive by Pyro.
     */
    private void keepAlive() {
        Thread t = new Thread(() -> {
            try {
                daemon.awaitTermination(java.time.Duration.ofDays(365 * 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pyro-keep-alive");
        t.setDaemon(false);
        t.start();
    }

    private void exportBeans() {
        Map<String, String> beanByName = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanNamesForAnnotation(PyroObject.class)) {
            PyroObject annotation = beanFactory.findAnnotationOnBean(beanName, PyroObject.class);
            if (annotation == null) {
                continue;
            }
            String where = "@PyroObject bean '" + beanName + "'";
            String name = resolve(annotation.value().isBlank() ? beanName : annotation.value(), where);
            String objectId = annotation.objectId().isBlank() ? name : resolve(annotation.objectId(), where);
            if (name.startsWith("Pyro.") || objectId.startsWith("Pyro.")) {
                throw new PyroConfigurationException(where, "the name '" + name + "' is in the reserved namespace"
                        + " 'Pyro.'", "Choose a name that does not start with 'Pyro.'.", null);
            }
            String other = beanByName.putIfAbsent(name, beanName);
            if (other != null) {
                throw new PyroConfigurationException(where, "beans '" + other + "' and '" + beanName
                        + "' are both exported as '" + name + "'", "Give one of them another name:"
                        + " @PyroObject(\"another.name\").", null);
            }
            Class<?> exposedAs = annotation.exposedAs() == void.class ? null : annotation.exposedAs();
            InstanceMode mode = InstanceMode.valueOf(annotation.mode().name());
            PyroURI uri;
            try {
                if (mode == InstanceMode.SINGLE) {
                    uri = daemon.register(beanFactory.getBean(beanName), objectId, exposedAs);
                } else {
                    Class<?> type = ClassUtils.getUserClass(beanFactory.getType(beanName));
                    uri = daemon.registerFactory(objectId, type, exposedAs, mode, () -> beanFactory.getBean(beanName));
                }
            } catch (PyroException | IllegalArgumentException e) {
                throw new PyroConfigurationException(where, "cannot be exported as '" + objectId + "': "
                        + e.getMessage(), "Fix the bean or its @PyroObject attributes (objectId, exposedAs).", e);
            }
            boolean register = annotation.register() && properties.getNameserver().isRegister()
                    && properties.getNameserver().isEnabled();
            exports.put(name, new Export(beanName, name, objectId, uri, mode, register,
                    new LinkedHashSet<>(List.of(annotation.metadata()))));
            log.info("Exported bean '{}' as {}{}", beanName, uri, register ? " (name " + name + ")" : "");
        }
    }

    private String resolve(String text, String where) {
        try {
            return environment.resolveRequiredPlaceholders(text).strip();
        } catch (IllegalArgumentException e) {
            throw new PyroConfigurationException(where, e.getMessage(), "Define the property it refers to.", e);
        }
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationReadyEvent.class.isAssignableFrom(eventType)
                || ContextClosedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext().getBeanFactory() == beanFactory) {
            goOnline();
        } else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() != null) {
            goOffline();
        }
    }

    /** Registers the exported names in the name server (and keeps their leases), retrying while it is down. */
    public void goOnline() {
        synchronized (registrationLock) {
            online = true;
            if (keeper != null || exports.values().stream().noneMatch(Export::register)) {
                return;
            }
            if (!tryRegister()) {
                retry = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "pyro-registration-retry");
                    t.setDaemon(true);
                    return t;
                });
                retry.scheduleWithFixedDelay(() -> {
                    synchronized (registrationLock) {
                        if (online && keeper == null && tryRegister()) {
                            retry.shutdown();
                        }
                    }
                }, 2, 2, TimeUnit.SECONDS);
            }
        }
    }

    private boolean tryRegister() {
        NameServerProxy ns;
        try {
            ns = client.locateNameServer();
        } catch (PyroException e) {
            registrationState = "name server not reachable, retrying: " + e.getMessage();
            log.warn("Cannot register {} in the name server yet (retrying every 2 s): {}", names(), e.getMessage());
            return false;
        }
        LeaseKeeper k = LeaseKeeper.start(ns, properties.getNameserver().getLease());
        try {
            for (Export e : exports.values()) {
                if (e.register()) {
                    k.register(e.name(), daemon.uriFor(e.objectId()), e.metadata());
                }
            }
        } catch (PyroException e) {
            k.close();
            ns.close();
            registrationState = "registration failed: " + e.getMessage();
            log.warn("Cannot register {} in the name server: {}", names(), e.getMessage());
            return false;
        }
        keeper = k;
        registrationState = "registered at " + ns.uri();
        log.info("Registered {} in the name server {}", names(), ns.uri());
        return true;
    }

    /** Removes the exported names from the name server; the daemon keeps serving (manual offline, or shutdown). */
    public void goOffline() {
        synchronized (registrationLock) {
            online = false;
            if (retry != null) {
                retry.shutdownNow();
                retry = null;
            }
            if (keeper != null) {
                try {
                    keeper.close();
                    log.info("Removed {} from the name server", names());
                } catch (RuntimeException e) {
                    log.warn("Could not remove {} from the name server: {}", names(), e.getMessage());
                }
                keeper = null;
            }
            registrationState = "not registered (offline)";
        }
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        exports.values().stream().filter(Export::register).forEach(e -> names.add(e.name()));
        return names;
    }

    @Override
    public void stop() {
        goOffline();
        daemon.shutdown(properties.getDaemon().getShutdown().getGracePeriod());
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        goOffline();
        Thread t = new Thread(() -> {
            try {
                daemon.shutdown(properties.getDaemon().getShutdown().getGracePeriod());
            } finally {
                running = false;
                callback.run();
            }
        }, "pyro-daemon-shutdown");
        t.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The daemon. */
    public Daemon daemon() {
        return daemon;
    }

    /** Exported beans by name. */
    public Map<String, Export> exports() {
        return Map.copyOf(exports);
    }

    /** Whether the names are (to be) in the name server. */
    public boolean isOnline() {
        return online;
    }

    /** Whether the export's name is in the name server now (registered and kept alive by its lease). */
    public boolean isRegistered(String name) {
        synchronized (registrationLock) {
            Export e = exports.get(name);
            return e != null && e.register() && keeper != null;
        }
    }

    /** What the last registration attempt did. */
    public String registrationState() {
        return registrationState;
    }
}
