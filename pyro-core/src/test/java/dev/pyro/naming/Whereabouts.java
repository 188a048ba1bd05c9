package dev.pyro.naming;

/** A tiny remote object for naming tests: says which server it lives in. */
public final class Whereabouts {

    private final String where;

    /** An object that answers {@code where}. */
    public Whereabouts(String where) {
        this.where = where;
    }

    /** Which server this is. */
    public String whoami() {
        return where;
    }
}
