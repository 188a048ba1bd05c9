package dev.pyro.naming;

import java.io.Serial;

/**
 * A {@link NameStore} could not do what it was asked (the database is unreachable, a statement failed ...).
 * Its message may hold internals (SQL text, file paths, driver messages): the name server logs it and tells the
 * client only {@value NameServer#STORE_ERROR}.
 */
public class NameStoreException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** A store failure with its details, for the server's log. */
    public NameStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
