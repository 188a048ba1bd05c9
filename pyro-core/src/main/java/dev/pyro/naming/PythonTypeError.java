package dev.pyro.naming;

/**
 * An argument of the wrong type, reported to Python callers as {@code builtins.TypeError} (the core maps
 * {@link ClassCastException} to it), as Pyro5's name server raises TypeError for the same mistakes.
 */
final class PythonTypeError extends ClassCastException {

    private static final long serialVersionUID = 1L;

    PythonTypeError(String message) {
        super(message);
    }
}
