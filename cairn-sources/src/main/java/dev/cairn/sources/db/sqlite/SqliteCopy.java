package dev.cairn.sources.db.sqlite;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.NamePatterns;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Checks a fresh copy, applies the table selection to it, and counts its rows. */
final class SqliteCopy {

    /** What the stored copy holds. */
    record Facts(String sqliteVersion, String driverVersion, List<Manifest.Table> tables, long countMillis) {
    }

    private SqliteCopy() {
    }

    static Facts check(Path copy, Path source, NamePatterns patterns) throws DatabaseException {
        try (Connection c = SqliteDump.connect(copy, false); Statement st = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
            }
            if (!problems.equals(List.of("ok"))) {
                throw new DatabaseException("the copy of SQLite database " + source + " failed PRAGMA integrity_check "
                        + problems.subList(0, Math.min(5, problems.size())) + "; the database itself is probably "
                        + "damaged: check it with sqlite3 " + source + " 'PRAGMA integrity_check'");
            }
            List<String> names = tableNames(st);
            if (!patterns.isEmpty()) {
                names = select(st, names, patterns, source);
            }
            long t0 = System.nanoTime();
            List<Manifest.Table> tables = new ArrayList<>();
            for (String name : names) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quote(name))) {
                    rs.next();
                    tables.add(new Manifest.Table(null, name, rs.getLong(1), size(c, name)));
                }
            }
            long countMillis = (System.nanoTime() - t0) / 1_000_000;
            String version;
            try (ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                version = rs.getString(1);
            }
            return new Facts(version, c.getMetaData().getDriverVersion(), tables, countMillis);
        } catch (SQLException e) {
            throw new DatabaseException("cannot check the copy of SQLite database " + source + ": " + e.getMessage(),
                    e);
        }
    }

    private static List<String> tableNames(Statement st) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Drops the tables the selection leaves out from the copy (never from the source) and compacts it. */
    private static List<String> select(Statement st, List<String> names, NamePatterns patterns, Path source)
            throws SQLException, DatabaseException {
        List<String> kept = names.stream().filter(patterns::selects).toList();
        if (kept.isEmpty()) {
            throw new DatabaseException("no table of SQLite database " + source + " matches the --table/"
                    + "--exclude-table selection; tables: " + names);
        }
        st.execute("PRAGMA foreign_keys = OFF");
        for (String name : names) {
            if (!kept.contains(name)) {
                st.execute("DROP TABLE " + quote(name));
            }
        }
        st.execute("VACUUM");
        return kept;
    }

    /** Bytes of the table and its indexes, from the dbstat table when the library has it. */
    private static Long size(Connection c, String table) {
        try (PreparedStatement ps = c.prepareStatement("SELECT sum(pgsize) FROM dbstat WHERE name = ? "
                + "OR name IN (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?)")) {
            ps.setString(1, table);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            return null; // built without dbstat
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
