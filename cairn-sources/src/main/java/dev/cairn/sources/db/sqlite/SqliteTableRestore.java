package dev.cairn.sources.db.sqlite;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.Manifest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores chosen tables into a live SQLite database in one transaction: the stored copy is attached, each table's
 * triggers are dropped, its rows deleted and copied from the copy (stored columns only; generated ones follow),
 * the triggers re-created, and the rows counted against the manifest. SQLite's DDL is transactional, so any
 * failure rolls everything back, triggers included.
 */
final class SqliteTableRestore {

    private final Path file;

    SqliteTableRestore(Path file) {
        this.file = file;
    }

    void restore(Path copy, List<Manifest.Table> tables) throws DatabaseException {
        try (Connection c = SqliteDump.connect(file, false); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 60000");
            st.execute("ATTACH DATABASE '" + copy.toString().replace("'", "''") + "' AS cairn_src");
            st.execute("BEGIN IMMEDIATE");
            try {
                List<String> live = SqliteRestore.tableNames(st, "main");
                for (Manifest.Table t : tables) {
                    if (!live.contains(t.name())) {
                        throw new DatabaseException("table " + t.name() + " does not exist in " + file + "; restore "
                                + "the whole database to bring back dropped tables");
                    }
                    copyTable(st, t);
                }
                st.execute("COMMIT");
            } catch (SQLException | DatabaseException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("restoring tables into SQLite database " + file + " failed ("
                    + e.getMessage() + "); the live database was not changed", e);
        }
    }

    private static void copyTable(Statement st, Manifest.Table t) throws SQLException, DatabaseException {
        String q = SqliteCopy.quote(t.name());
        List<String> triggers = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger' "
                + "AND tbl_name = '" + t.name().replace("'", "''") + "'")) {
            while (rs.next()) {
                triggers.add(rs.getString(1));
                triggers.add(rs.getString(2));
            }
        }
        for (int i = 0; i < triggers.size(); i += 2) {
            st.execute("DROP TRIGGER main." + SqliteCopy.quote(triggers.get(i)));
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_xinfo('" + t.name().replace("'", "''")
                + "', 'main') WHERE hidden = 0 ORDER BY cid")) {
            while (rs.next()) {
                columns.add(SqliteCopy.quote(rs.getString(1)));
            }
        }
        String cols = String.join(", ", columns);
        st.execute("DELETE FROM main." + q);
        st.execute("INSERT INTO main." + q + " (" + cols + ") SELECT " + cols + " FROM cairn_src." + q);
        for (int i = 1; i < triggers.size(); i += 2) {
            st.execute(triggers.get(i));
        }
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM main." + q)) {
            rs.next();
            if (rs.getLong(1) != t.rows()) {
                throw new DatabaseException("verification against the manifest failed: " + t.name() + " has "
                        + rs.getLong(1) + " rows, the manifest says " + t.rows() + "; the live database was not "
                        + "changed");
            }
        }
    }
}
