package dev.pyro.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link PyroConfigurationException} into Spring Boot's "APPLICATION FAILED TO START" report. */
class PyroFailureAnalyzer extends AbstractFailureAnalyzer<PyroConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PyroConfigurationException cause) {
        return new FailureAnalysis("Pyro could not start: " + cause.getMessage()
                + (cause.getCause() == null ? "" : "\n\nCause: " + cause.getCause().getMessage()),
                cause.action(), cause);
    }
}
