package dev.cairn.sources.db.mysql;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Password;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.mariadb.jdbc.Driver;

/** Cairn's own JDBC connection to MariaDB/MySQL (table list, engines, sizes) and clear messages for its failures. */
final class MysqlConnection {

    /** URL parameters, named as the client tools name their options. */
    static final Set<String> PARAMS = Set.of("ssl-mode", "ssl-ca", "ssl-cert", "ssl-key", "connect-timeout");

    private MysqlConnection() {
    }

    static Connection open(DatabaseUrl url, Optional<Password> password) throws DatabaseException {
        for (String key : url.params().keySet()) {
            if (!PARAMS.contains(key)) {
                throw new DatabaseException("unsupported parameter '" + key + "' in " + url + "; supported: "
                        + String.join(", ", new java.util.TreeSet<>(PARAMS)));
            }
        }
        Properties p = new Properties();
        p.setProperty("user", url.user());
        password.ifPresent(pw -> p.setProperty("password", pw.value()));
        p.setProperty("connectTimeout", String.valueOf(1000 * Integer.parseInt(
                url.params().getOrDefault("connect-timeout", "15"))));
        String mode = url.params().get("ssl-mode");
        if (mode != null) {
            p.setProperty("sslMode", switch (mode.toUpperCase(Locale.ROOT)) {
                case "DISABLED" -> "disable";
                case "PREFERRED", "REQUIRED" -> "trust";
                case "VERIFY_CA" -> "verify-ca";
                case "VERIFY_IDENTITY" -> "verify-full";
                default -> throw new DatabaseException("unknown ssl-mode '" + mode + "' in " + url
                        + "; use DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY");
            });
        }
        if (url.params().containsKey("ssl-ca")) {
            p.setProperty("serverSslCert", url.params().get("ssl-ca"));
        }
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        try {
            Connection c = new Driver().connect("jdbc:mariadb://" + host + ":" + url.port() + "/"
                    + java.net.URLEncoder.encode(url.database(), java.nio.charset.StandardCharsets.UTF_8), p);
            if (c == null) {
                throw new DatabaseException("the MariaDB driver did not accept " + url);
            }
            return c;
        } catch (SQLException e) {
            throw explain(url, password, e);
        }
    }

    /** A clear message for the usual failures, by MariaDB error code and SQLSTATE. */
    static DatabaseException explain(DatabaseUrl url, Optional<Password> password, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = url.host() + ":" + url.port();
        String msg = e.getMessage();
        return switch (e.getErrorCode()) {
            case 1045, 1044, 1698 -> new DatabaseException("MariaDB/MySQL at " + where + " refused the login of user '"
                    + url.user() + "' (" + msg + "); " + password.map(p -> "the password came from " + p.source()
                            + ": check it").orElse("no password was given: use --db-password-file, MYSQL_PWD or "
                            + "~/.my.cnf"), e);
            case 1049 -> new DatabaseException("database '" + url.database() + "' does not exist on MariaDB/MySQL at "
                    + where + "; check the name in " + url, e);
            case 1142, 1143, 1227 -> new DatabaseException("missing privilege on " + url + " (" + msg + "); the "
                    + "backup user needs SELECT, SHOW VIEW, TRIGGER, EVENT and LOCK TABLES on the database", e);
            default -> state.startsWith("08") || msg.contains("Socket fail") || msg.contains("Connection refused")
                    ? new DatabaseException("cannot connect to MariaDB/MySQL at " + where + " (" + msg + "); check "
                            + "that the server is running and reachable, and the host and port in " + url, e)
                    : new DatabaseException("MariaDB/MySQL error on " + url + ": " + msg
                            + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), e);
        };
    }
}
