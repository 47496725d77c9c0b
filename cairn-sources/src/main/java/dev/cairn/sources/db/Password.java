package dev.cairn.sources.db;

import java.util.Objects;

/**
 * A database password and where it came from. {@link #toString()} never shows the value, so a password cannot
 * end up in a log line or an exception message by accident.
 *
 * @param source e.g. {@code "--db-password-file /etc/cairn/db.pw"}, {@code "PGPASSWORD"}, {@code "~/.pgpass"}
 */
public record Password(String value, String source) {

    public Password {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "password from " + source;
    }
}
