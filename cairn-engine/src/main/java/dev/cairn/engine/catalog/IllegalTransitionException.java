package dev.cairn.engine.catalog;

/** A status change the lifecycle does not allow (e.g. a failed backup cannot become verified). */
public final class IllegalTransitionException extends CatalogException {

    private static final long serialVersionUID = 1L;

    public IllegalTransitionException(String what, long id, Object from, Object to) {
        super(what + " " + id + " is " + from + " and cannot become " + to);
    }
}
