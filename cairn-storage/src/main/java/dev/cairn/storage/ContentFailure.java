package dev.cairn.storage;

import java.io.IOException;

/**
 * The content handed to {@link Storage#save} could not be read: a read error, or fewer or more bytes than it
 * announced. Backends throw it from the stream they give their client library and look for it in whatever the
 * library wraps it in, since it means the caller's content failed, not the server: permanent (retrying the server
 * cannot help), and nothing was saved.
 */
public final class ContentFailure extends IOException {

    public ContentFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The {@link ContentFailure} among {@code e}, its causes and their suppressed exceptions, or null. */
    public static ContentFailure in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContentFailure f) {
                return f;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof ContentFailure f) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * The error a save reports for this failure.
     *
     * @param where location, operation and file, e.g. {@code "s3:…/repo: save data/3f/3f9a…: "}
     * @param thrown what the client library threw (this failure, or a wrapper of it)
     */
    public StorageException.Permanent toStorageException(String where, Throwable thrown) {
        return new StorageException.Permanent(where + "reading the content to save failed: " + getMessage()
                + "; nothing was saved", thrown);
    }
}
