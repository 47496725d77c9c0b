package dev.cairn.storage;

import java.io.IOException;

/**
 * A failure of a storage operation, classified by the backend that saw it. The class decides what callers do:
 * {@link NotFound} is an answer, {@link Transient} may succeed when retried, {@link Permanent} will not.
 * Messages name the backend's location, the operation and the file.
 */
public abstract sealed class StorageException extends IOException
        permits StorageException.NotFound, StorageException.Transient, StorageException.Permanent {

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The file (or the repository's directory, or bucket) does not exist. */
    public static final class NotFound extends StorageException {
        public NotFound(String message) {
            super(message, null);
        }

        public NotFound(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A fault that may go away: timeout, connection reset, 5xx, throttling. Safe to retry. */
    public static final class Transient extends StorageException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A fault that retrying cannot fix: authentication, permission, no space left, invalid request. */
    public static final class Permanent extends StorageException {
        public Permanent(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
