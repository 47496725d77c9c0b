package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Password;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/** Cairn's own JDBC connection to PostgreSQL, and the translation of its failures into messages people can act on. */
final class PgConnection {

    /** URL parameters that are libpq TLS/connection settings; each is given to JDBC and to pg_dump (as PG* env). */
    static final Map<String, String> LIBPQ_ENV = Map.of(
            "sslmode", "PGSSLMODE",
            "sslrootcert", "PGSSLROOTCERT",
            "sslcert", "PGSSLCERT",
            "sslkey", "PGSSLKEY",
            "sslcrl", "PGSSLCRL",
            "connect_timeout", "PGCONNECT_TIMEOUT",
            "target_session_attrs", "PGTARGETSESSIONATTRS");

    private PgConnection() {
    }

    static Connection open(DatabaseUrl url, Optional<Password> password) throws DatabaseException {
        for (String key : url.params().keySet()) {
            if (!LIBPQ_ENV.containsKey(key) && !key.equals("application_name")) {
                throw new DatabaseException("unsupported parameter '" + key + "' in " + url + "; supported: "
                        + String.join(", ", new java.util.TreeSet<>(LIBPQ_ENV.keySet())));
            }
        }
        Properties p = new Properties();
        p.setProperty("user", url.user());
        password.ifPresent(pw -> p.setProperty("password", pw.value()));
        p.setProperty("ApplicationName", "cairn-backup");
        p.setProperty("connectTimeout", url.params().getOrDefault("connect_timeout", "15"));
        // pgjdbc's own default is sslmode=prefer; keep libpq's names and values so one URL means the same to both
        copy(url, p, "sslmode", "sslmode");
        copy(url, p, "sslrootcert", "sslrootcert");
        copy(url, p, "sslcert", "sslcert");
        copy(url, p, "sslkey", "sslkey");
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        String jdbc = "jdbc:postgresql://" + host + ":" + url.port() + "/"
                + java.net.URLEncoder.encode(url.database(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            Connection c = new Driver().connect(jdbc, p);
            if (c == null) {
                throw new DatabaseException("the PostgreSQL driver did not accept " + url);
            }
            return c;
        } catch (SQLException e) {
            throw explain(url, password, e);
        }
    }

    private static void copy(DatabaseUrl url, Properties p, String from, String to) {
        String v = url.params().get(from);
        if (v != null) {
            p.setProperty(to, v);
        }
    }

    /** A clear message for the usual failures, by SQLSTATE. */
    static DatabaseException explain(DatabaseUrl url, Optional<Password> password, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = e.getMessage();
        String where = url.host() + ":" + url.port();
        if (state.startsWith("08")) {
            return new DatabaseException("cannot connect to PostgreSQL at " + where + " (" + msg + "); check that "
                    + "the server is running and reachable, and the host and port in " + url, e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new DatabaseException("PostgreSQL at " + where + " refused the login of user '" + url.user()
                    + "' to database '" + url.database() + "' (" + msg + "); "
                    + password.map(p -> "the password came from " + p.source() + ": check it")
                            .orElse("no password was given: use --db-password-file, PGPASSWORD or ~/.pgpass"), e);
        }
        if (state.equals("3D000")) {
            return new DatabaseException("database '" + url.database() + "' does not exist on PostgreSQL at "
                    + where + "; check the name in " + url, e);
        }
        if (state.equals("42501")) {
            return new DatabaseException("missing privilege on PostgreSQL database '" + url.database() + "' (" + msg
                    + "); the backup user needs SELECT on every table it dumps (e.g. GRANT pg_read_all_data TO "
                    + url.user() + ")", e);
        }
        return new DatabaseException("PostgreSQL error on " + url + ": " + msg + (state.isEmpty() ? ""
                : " (SQLSTATE " + state + ")"), e);
    }

    /** libpq's variables for a client tool (pg_dump, pg_restore, psql); the password is the only secret. */
    static Map<String, String> environment(DatabaseUrl url, Optional<Password> password, String application) {
        Map<String, String> e = new java.util.HashMap<>();
        e.put("PGHOST", url.host());
        e.put("PGPORT", String.valueOf(url.port()));
        e.put("PGUSER", url.user());
        e.put("PGDATABASE", url.database());
        e.put("PGAPPNAME", application);
        password.ifPresent(p -> e.put("PGPASSWORD", p.value()));
        LIBPQ_ENV.forEach((param, variable) -> {
            String v = url.params().get(param);
            if (v != null) {
                e.put(variable, v);
            }
        });
        return e;
    }
}
