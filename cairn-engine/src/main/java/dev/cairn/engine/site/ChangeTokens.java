package dev.cairn.engine.site;

import dev.cairn.snapshots.fs.FileStat;
import dev.cairn.sources.db.Credentials;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Password;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A cheap token that changes whenever a database's content may have changed, for smart skip. Equal tokens before
 * two backups mean nothing was written in between; a token may change without a real change (then the backup
 * simply runs), but never the other way round.
 *
 * <ul>
 *   <li>SQLite: the file's identity (inode, size, mtime, ctime), the header's file change counter, and the same
 *       identity of the {@code -wal} file (a WAL-mode write changes the WAL, not the main file).
 *       {@code PRAGMA data_version} only compares within one connection, so it cannot serve across runs.</li>
 *   <li>PostgreSQL: the server's current WAL position ({@code pg_current_wal_lsn()}, on a standby the replay
 *       position). It is cluster-wide: a write to another database of the server also counts as a change.</li>
 *   <li>MariaDB/MySQL: {@code CHECKSUM TABLE} of every table of the database (exact for the database; it reads the
 *       tables, so it costs about a table scan).</li>
 * </ul>
 */
final class ChangeTokens {

    private ChangeTokens() {
    }

    static String token(DatabaseUrl url, DatabaseEnvironment env) throws IOException {
        return switch (url.engine()) {
            case SQLITE -> sqlite(url.file());
            case POSTGRESQL -> postgres(url, Credentials.find(url, env));
            case MARIADB -> mariadb(url, Credentials.find(url, env));
        };
    }

    static String sqlite(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(identity(file));
        byte[] header = new byte[100];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(header, 0, header.length);
            if (n >= 28) {
                sb.append(" counter=").append(HexFormat.of().formatHex(header, 24, 28));
            }
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal)) {
            sb.append(" wal=").append(identity(wal));
        }
        return sb.toString();
    }

    static String identity(Path p) throws IOException {
        FileStat st = FileStat.lstat(p);
        return "ino=" + st.ino() + " size=" + st.size() + " mtime=" + st.mtime() + " ctime=" + st.ctime();
    }

    private static String postgres(DatabaseUrl url, Optional<Password> password) throws IOException {
        String jdbc = "jdbc:postgresql://" + host(url) + ":" + url.port() + "/" + enc(url.database());
        try (Connection c = new org.postgresql.Driver().connect(jdbc, props(url, password));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN "
                        + "pg_last_wal_replay_lsn()::text ELSE pg_current_wal_lsn()::text END, "
                        + "(SELECT system_identifier FROM pg_control_system())")) {
            rs.next();
            return "lsn=" + rs.getString(1) + " system=" + rs.getLong(2);
        } catch (SQLException e) {
            throw new IOException("cannot read the WAL position of " + url + " for change detection: "
                    + e.getMessage(), e);
        }
    }

    private static String mariadb(DatabaseUrl url, Optional<Password> password) throws IOException {
        String jdbc = "jdbc:mariadb://" + host(url) + ":" + url.port() + "/" + enc(url.database());
        try (Connection c = DriverManager.getDriver(jdbc).connect(jdbc, props(url, password));
                Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE "
                    + "table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (tables.isEmpty()) {
                return "tables=none";
            }
            StringBuilder sb = new StringBuilder();
            String list = String.join(", ", tables.stream().map(t -> "`" + t.replace("`", "``") + "`").toList());
            try (ResultSet rs = st.executeQuery("CHECKSUM TABLE " + list + " EXTENDED")) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('=').append(rs.getString(2)).append(' ');
                }
            }
            return sb.toString().strip();
        } catch (SQLException e) {
            throw new IOException("cannot checksum the tables of " + url + " for change detection: "
                    + e.getMessage(), e);
        }
    }

    static Properties props(DatabaseUrl url, Optional<Password> password) {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        password.ifPresent(pw -> p.setProperty("password", pw.value()));
        return p;
    }

    static String host(DatabaseUrl url) {
        return url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
