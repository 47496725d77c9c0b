package dev.cairn.engine.site;

/** A site job cannot run as asked; the message says what to change (never contains a secret). */
public class SiteException extends RuntimeException {

    public SiteException(String message) {
        super(message);
    }

    public SiteException(String message, Throwable cause) {
        super(message, cause);
    }
}
