package dev.pyro.spring.autoconfigure;

/**
 * Pyro cannot start as configured: says what is wrong, where (the property or bean), and what to do.
 * {@link PyroFailureAnalyzer} turns it into Spring Boot's startup failure report.
 */
public class PyroConfigurationException extends RuntimeException {

    private final String where;
    private final String action;

    /**
     * @param where   the property ({@code pyro.daemon.port}) or the bean / injection point at fault
     * @param problem what is wrong
     * @param action  what to do about it
     * @param cause   the underlying error, or {@code null}
     */
    public PyroConfigurationException(String where, String problem, String action, Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
        this.action = action;
    }

    /** The property or bean at fault. */
    public String where() {
        return where;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
