package dev.cairn.sources.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a database's password the way its own tools do, so a setup that works with {@code psql}/{@code mariadb}
 * works with Cairn: first {@code --db-password-file}, then a password in the URL, then the engine's variable
 * ({@code PGPASSWORD} / {@code MYSQL_PWD}), then its password file ({@code PGPASSFILE} or {@code ~/.pgpass};
 * {@code ~/.my.cnf}). None found is fine: the server may not ask (trust, peer, unix_socket authentication).
 */
public final class Credentials {

    private Credentials() {
    }

    public static Optional<Password> find(DatabaseUrl url, DatabaseEnvironment env) throws DatabaseException {
        if (env.passwordFile() != null) {
            return Optional.of(new Password(readFirstLine(env.passwordFile()),
                    "--db-password-file " + env.passwordFile()));
        }
        if (url.urlPassword() != null) {
            env.warnings().accept("the password for " + url + " is written in the URL, where other users can see "
                    + "it in the process list; use --db-password-file or " + variable(url) + " instead");
            return Optional.of(new Password(url.urlPassword(), "the URL"));
        }
        if (url.engine() == Engine.SQLITE) {
            return Optional.empty();
        }
        String v = env.get(variable(url));
        if (v != null) {
            return Optional.of(new Password(v, variable(url)));
        }
        return url.engine() == Engine.POSTGRESQL ? PgPass.lookup(url, env) : MyCnf.password(env);
    }

    private static String variable(DatabaseUrl url) {
        return url.engine() == Engine.POSTGRESQL ? "PGPASSWORD" : "MYSQL_PWD";
    }

    private static String readFirstLine(Path file) throws DatabaseException {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new DatabaseException("password file " + file + " is empty: write the password on its "
                        + "first line");
            }
            return lines.get(0);
        } catch (IOException e) {
            if (e instanceof DatabaseException d) {
                throw d;
            }
            throw new DatabaseException("cannot read the password file " + file + ": " + e.getMessage(), e);
        }
    }
}
