package dev.cairn.engine.catalog;

/** The catalog database failed or refused an operation; the message names the operation and the database. */
public class CatalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    public CatalogException(String message) {
        super(message);
    }
}
