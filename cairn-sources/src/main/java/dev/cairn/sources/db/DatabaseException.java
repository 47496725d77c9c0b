package dev.cairn.sources.db;

import java.io.IOException;

/**
 * A database could not be backed up: unreachable server, refused credentials, missing database or privilege,
 * missing or too old dump tool, a dump tool that failed. The message names the database (never its password) and
 * says what to do. Nothing was stored when this is thrown before the snapshot is written.
 */
public final class DatabaseException extends IOException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
