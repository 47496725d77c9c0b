package dev.cairn.sources.db.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of a MariaDB database other than tables: triggers, views, routines, events. They cannot move with
 * {@code RENAME TABLE} to another database (a table with triggers refuses to move, a view cannot change database;
 * routines and events belong to their database), so a switch drops and re-creates them from their
 * {@code SHOW CREATE} statements, each with the {@code sql_mode} it was created with. The replaced database's
 * statements are kept in the previous state's table {@value #TABLE}, which a rollback re-creates them from.
 */
final class MysqlObjects {

    static final String TABLE = "cairn_restore_objects";

    /** One object and the statement that creates it (without a database name, so it can go into any). */
    record Obj(String kind, String name, String table, String sqlMode, String sql) {
    }

    private MysqlObjects() {
    }

    static String q(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** Every trigger, view, routine and event of {@code schema}, in an order that can create them. */
    static List<Obj> read(Connection c, String schema) throws SQLException {
        List<Obj> out = new ArrayList<>();
        for (String[] r : rows(c, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES "
                + "WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_NAME", schema)) {
            out.add(show(c, schema, r[1], r[0], null, 2, 3));
        }
        for (String[] r : rows(c, "SELECT TABLE_NAME, '' FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? "
                + "ORDER BY TABLE_NAME", schema)) {
            Obj v = show(c, schema, "VIEW", r[0], null, 0, 2);
            // SHOW CREATE VIEW names the tables with their database: take it out so the view fits any database
            out.add(new Obj(v.kind(), v.name(), null, null, v.sql().replace(q(schema) + ".", "")));
        }
        for (String[] r : rows(c, "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS "
                + "WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, "
                + "ACTION_ORDER", schema)) {
            out.add(show(c, schema, "TRIGGER", r[0], r[1], 2, 3));
        }
        for (String[] r : rows(c, "SELECT EVENT_NAME, '' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? "
                + "ORDER BY EVENT_NAME", schema)) {
            out.add(show(c, schema, "EVENT", r[0], null, 2, 4));
        }
        return out;
    }

    /** {@code SHOW CREATE kind schema.name}: column {@code modeColumn} (0 = none) and {@code sqlColumn}. */
    private static Obj show(Connection c, String schema, String kind, String name, String table, int modeColumn,
            int sqlColumn) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE " + kind + " "
                + q(schema) + "." + q(name))) {
            if (!rs.next() || rs.getString(sqlColumn) == null) {
                throw new SQLException("cannot read the definition of " + kind + " " + schema + "." + name
                        + " (SHOW CREATE " + kind + " returned none: the user needs the privilege to see it)");
            }
            return new Obj(kind, name, table, modeColumn == 0 ? null : rs.getString(modeColumn),
                    rs.getString(sqlColumn));
        }
    }

    private static List<String[]> rows(Connection c, String sql, String schema) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    static void drop(Connection c, String schema, List<Obj> objects) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Obj o : objects) {
                st.execute("DROP " + o.kind() + " IF EXISTS " + q(schema) + "." + q(o.name()));
            }
        }
    }

    static void dropTriggers(Connection c, String schema, List<Obj> objects) throws SQLException {
        drop(c, schema, objects.stream().filter(o -> o.kind().equals("TRIGGER")).toList());
    }

    /** Creates {@code objects} in {@code schema}; views that depend on views not yet created are retried. */
    static void create(Connection c, String schema, List<Obj> objects) throws SQLException {
        String catalog = c.getCatalog();
        c.setCatalog(schema);
        try (Statement st = c.createStatement()) {
            String mode = value(st, "SELECT @@SESSION.sql_mode");
            List<Obj> pending = new ArrayList<>(objects);
            SQLException last = null;
            while (!pending.isEmpty()) {
                List<Obj> failed = new ArrayList<>();
                for (Obj o : pending) {
                    try {
                        if (o.sqlMode() != null) {
                            setMode(c, o.sqlMode());
                        }
                        st.execute(o.sql());
                    } catch (SQLException e) {
                        if (!o.kind().equals("VIEW")) {
                            throw e;
                        }
                        failed.add(o);
                        last = e;
                    }
                }
                if (failed.size() == pending.size()) {
                    throw last;
                }
                pending = failed;
            }
            setMode(c, mode);
        } finally {
            if (catalog != null && !catalog.isEmpty()) {
                c.setCatalog(catalog);
            }
        }
    }

    private static void setMode(Connection c, String mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SET SESSION sql_mode = ?")) {
            ps.setString(1, mode);
            ps.execute();
        }
    }

    static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Keeps {@code objects} in {@code schema}'s bookkeeping table (replacing what it held). */
    static void save(Connection c, String schema, List<Obj> objects) throws SQLException {
        String t = q(schema) + "." + q(TABLE);
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + t);
            st.execute("CREATE TABLE " + t + " (seq INT PRIMARY KEY, kind VARCHAR(16) NOT NULL, name VARCHAR(64) "
                    + "NOT NULL, tbl VARCHAR(64), sql_mode TEXT, definition LONGTEXT NOT NULL) ENGINE=InnoDB "
                    + "DEFAULT CHARSET=utf8mb4 COMMENT='cairn: triggers, views, routines and events of the previous "
                    + "state, re-created by cairn rollback'");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Obj o : objects) {
                ps.setInt(1, seq++);
                ps.setString(2, o.kind());
                ps.setString(3, o.name());
                ps.setString(4, o.table());
                ps.setString(5, o.sqlMode());
                ps.setString(6, o.sql());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** What {@link #save} kept; empty when the table is missing. */
    static List<Obj> saved(Connection c, String schema) throws SQLException {
        List<Obj> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            if (value(st, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + schema.replace("'", "''") + "' AND TABLE_NAME = '" + TABLE + "'").equals("0")) {
                return out;
            }
            try (ResultSet rs = st.executeQuery("SELECT kind, name, tbl, sql_mode, definition FROM " + q(schema)
                    + "." + q(TABLE) + " ORDER BY seq")) {
                while (rs.next()) {
                    out.add(new Obj(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }
}
