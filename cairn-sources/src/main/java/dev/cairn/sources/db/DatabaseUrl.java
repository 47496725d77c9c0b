package dev.cairn.sources.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a database is: {@code postgresql://user@host:port/db} (or {@code postgres://}), {@code mariadb://…} (or
 * {@code mysql://…}), {@code sqlite:PATH}. Query parameters (e.g. {@code ?sslmode=verify-full&sslrootcert=ca.pem})
 * are kept for the engine to pass on (TLS settings). Missing parts take the engine's usual defaults (for
 * PostgreSQL from {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGDATABASE}, as libpq does).
 *
 * <p>A password in the URL is accepted (libpq accepts it) but discouraged: it shows in the process list and shell
 * history. {@link #toString()} never shows it.
 *
 * @param file        the database file (SQLite only), else {@code null}
 * @param urlPassword the password written in the URL, or {@code null}
 */
public record DatabaseUrl(Engine engine, String host, int port, String user, String database, Path file,
        Map<String, String> params, String urlPassword) {

    public DatabaseUrl {
        Objects.requireNonNull(engine, "engine");
        params = Map.copyOf(params);
    }

    /** Parses a URL; {@code env} supplies libpq's defaults ({@code PGHOST}…) and the login name ({@code USER}). */
    public static DatabaseUrl parse(String url, Map<String, String> env) {
        Objects.requireNonNull(url, "url");
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "sqlite" -> sqlite(url.substring(colon + 1));
            case "postgresql", "postgres" -> server(Engine.POSTGRESQL, url, colon, env);
            case "mariadb", "mysql" -> server(Engine.MARIADB, url, colon, env);
            default -> throw new IllegalArgumentException("unsupported database URL '" + redact(url) + "': use "
                    + "postgresql://USER@HOST:PORT/DB, mariadb://USER@HOST:PORT/DB, mysql://… or sqlite:PATH");
        };
    }

    private static DatabaseUrl sqlite(String rest) {
        String path = rest.startsWith("//") ? rest.substring(2) : rest;
        if (path.isEmpty()) {
            throw new IllegalArgumentException("sqlite URL needs a file: sqlite:/var/www/app.db or sqlite:app.db");
        }
        return new DatabaseUrl(Engine.SQLITE, null, 0, null, null, Path.of(path).toAbsolutePath().normalize(),
                Map.of(), null);
    }

    private static DatabaseUrl server(Engine engine, String url, int colon, Map<String, String> env) {
        if (!url.startsWith("//", colon + 1)) {
            throw new IllegalArgumentException("database URL '" + redact(url) + "' must look like "
                    + url.substring(0, colon) + "://USER@HOST:PORT/DATABASE");
        }
        String rest = url.substring(colon + 3);
        Map<String, String> params = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String kv : rest.substring(q + 1).split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                params.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
            }
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int c = info.indexOf(':');
            user = decode(c < 0 ? info : info.substring(0, c));
            password = c < 0 ? null : decode(info.substring(c + 1));
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '[' in database URL '" + redact(url) + "'");
            }
            host = authority.substring(1, end);
            if (authority.length() > end + 1 && authority.charAt(end + 1) == ':') {
                portText = authority.substring(end + 2);
            }
        } else {
            int c = authority.lastIndexOf(':');
            host = c < 0 ? authority : authority.substring(0, c);
            portText = c < 0 ? null : authority.substring(c + 1);
        }
        boolean pg = engine == Engine.POSTGRESQL;
        host = nonEmpty(host, pg ? env.get("PGHOST") : null, "localhost");
        portText = nonEmpty(portText, pg ? env.get("PGPORT") : null, pg ? "5432" : "3306");
        user = nonEmpty(user, pg ? env.get("PGUSER") : null, nonEmpty(env.get("USER"), null, "root"));
        database = nonEmpty(database, pg ? env.get("PGDATABASE") : null, pg ? user : "");
        if (database.isEmpty()) {
            throw new IllegalArgumentException("database URL '" + redact(url) + "' names no database: add /DBNAME");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + portText + "' in database URL '" + redact(url)
                    + "'");
        }
        return new DatabaseUrl(engine, host, port, user, database, null, params, password);
    }

    /**
     * The default name of this database's folder in the snapshot: the database name (SQLite: the file name
     * without its extension), with characters other than letters, digits, {@code . _ -} replaced by {@code _}.
     */
    public String defaultName() {
        String base = database;
        if (engine == Engine.SQLITE) {
            base = file.getFileName().toString();
            int dot = base.lastIndexOf('.');
            base = dot > 0 ? base.substring(0, dot) : base;
        }
        String clean = base.replaceAll("[^A-Za-z0-9._-]", "_");
        return SnapshotLayout.validName(clean) ? clean : "db" + clean;
    }

    /** The URL without its password, for messages and the manifest. */
    @Override
    public String toString() {
        if (engine == Engine.SQLITE) {
            return "sqlite:" + file;
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (engine == Engine.POSTGRESQL ? "postgresql" : "mariadb") + "://" + user + "@" + h + ":" + port + "/"
                + database;
    }

    private static String nonEmpty(String value, String fallback, String last) {
        if (value != null && !value.isEmpty()) {
            return value;
        }
        return fallback != null && !fallback.isEmpty() ? fallback : last;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Removes {@code :password} from a URL's user info so it can be shown. */
    static String redact(String url) {
        return url.replaceAll("(//[^/@:]*):[^/@]*@", "$1:***@");
    }
}
