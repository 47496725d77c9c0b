package dev.cairn.sources.db.mysql;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.mysql.MysqlObjects.Obj;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies chosen tables from the verified new database into the live one in one InnoDB transaction
 * ({@code DELETE} and {@code INSERT … SELECT} of the stored columns, foreign key checks off for the session, then
 * the rows counted against the manifest): a failure rolls it back. {@code RENAME TABLE} is not used here because
 * InnoDB foreign keys of the other live tables would follow the renamed table out of the live database. The
 * tables' triggers are dropped for the copy (so they do not fire for restored rows) and re-created afterwards;
 * DDL commits in MariaDB, so for that moment the live tables have no triggers.
 */
final class MysqlTableRestore {

    private final Connection admin;
    private final MysqlRestore restore;

    MysqlTableRestore(Connection admin, MysqlRestore restore) {
        this.admin = admin;
        this.restore = restore;
    }

    void copy(String scratch, List<Manifest.Table> tables) throws SQLException, DatabaseException {
        String live = restore.live();
        List<String> liveTables = restore.baseTables(live);
        for (Manifest.Table t : tables) {
            if (!liveTables.contains(t.name())) {
                throw new DatabaseException("table " + t.name() + " does not exist in database " + live + "; "
                        + "restore the whole database to bring back dropped tables; " + MysqlRestore.CONSEQUENCE);
            }
            long rows = restore.count(scratch, t.name());
            if (rows != t.rows()) {
                throw new DatabaseException("verification against the manifest failed: " + t.name() + " has " + rows
                        + " rows, the manifest says " + t.rows() + "; " + MysqlRestore.CONSEQUENCE);
            }
        }
        List<String> names = tables.stream().map(Manifest.Table::name).toList();
        List<Obj> triggers = MysqlObjects.read(admin, live).stream()
                .filter(o -> o.kind().equals("TRIGGER") && names.contains(o.table())).toList();
        MysqlObjects.drop(admin, live, triggers);
        try (Statement st = admin.createStatement()) {
            st.execute("SET SESSION foreign_key_checks = 0");
            admin.setAutoCommit(false);
            try {
                for (Manifest.Table t : tables) {
                    String cols = String.join(", ", storedColumns(live, t.name()));
                    String q = MysqlObjects.q(t.name());
                    st.executeUpdate("DELETE FROM " + MysqlObjects.q(live) + "." + q);
                    st.executeUpdate("INSERT INTO " + MysqlObjects.q(live) + "." + q + " (" + cols + ") SELECT "
                            + cols + " FROM " + MysqlObjects.q(scratch) + "." + q);
                    long rows = restore.count(live, t.name());
                    if (rows != t.rows()) {
                        throw new DatabaseException("verification against the manifest failed: " + t.name() + " has "
                                + rows + " rows after the copy, the manifest says " + t.rows() + "; "
                                + MysqlRestore.CONSEQUENCE);
                    }
                }
                admin.commit();
            } catch (SQLException | DatabaseException e) {
                admin.rollback();
                throw e;
            } finally {
                admin.setAutoCommit(true);
                st.execute("SET SESSION foreign_key_checks = 1");
            }
        } finally {
            MysqlObjects.create(admin, live, triggers);
        }
    }

    private List<String> storedColumns(String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(MysqlObjects.q(rs.getString(1)));
                }
            }
        }
        return out;
    }
}
