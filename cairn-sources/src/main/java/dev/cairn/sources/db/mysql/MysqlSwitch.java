package dev.cairn.sources.db.mysql;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.mysql.MysqlObjects.Obj;
import dev.cairn.sources.db.restore.RestoreNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Exchanges the live database's contents with another database's: all base tables in ONE {@code RENAME TABLE}
 * statement (atomic: the application sees either every old table or every new one), then the triggers, views,
 * routines and events, which cannot move between databases, are re-created from their definitions (the live
 * triggers and views are dropped first: MariaDB refuses to move a table that has triggers, and a live view may
 * have the name of an incoming table). The replaced objects' definitions are
 * kept with the previous state ({@link MysqlObjects#save}). If re-creating fails, the tables are renamed back and
 * the old objects re-created, so the live database is as before.
 */
final class MysqlSwitch {

    private final Connection admin;
    private final MysqlRestore restore;

    MysqlSwitch(Connection admin, MysqlRestore restore) {
        this.admin = admin;
        this.restore = restore;
    }

    String switchTo(String scratch) throws SQLException, DatabaseException {
        String live = restore.live();
        String prev = RestoreNames.previous(live, MysqlRestore.MAX_NAME);
        try (Statement st = admin.createStatement()) {
            if (!restore.exists(live)) {
                st.execute("CREATE DATABASE " + MysqlObjects.q(live) + " CHARACTER SET " + MysqlObjects.value(st,
                        "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                                + scratch.replace("'", "''") + "'"));
                try {
                    exchange(live, scratch, MysqlObjects.read(admin, scratch), null);
                } catch (SQLException | DatabaseException e) {
                    st.execute("DROP DATABASE IF EXISTS " + MysqlObjects.q(live));
                    throw e;
                }
                return null;
            }
            st.execute("DROP DATABASE IF EXISTS " + MysqlObjects.q(prev)); // the older previous state
            st.execute("CREATE DATABASE " + MysqlObjects.q(prev) + " COMMENT 'cairn: the state of "
                    + live.replace("'", "''") + " before the last restore or rollback; cairn rollback switches back'");
        }
        exchange(live, scratch, MysqlObjects.read(admin, scratch), prev);
        return prev;
    }

    String rollback() throws SQLException, DatabaseException {
        String live = restore.live();
        String prev = RestoreNames.previous(live, MysqlRestore.MAX_NAME);
        if (!restore.exists(prev)) {
            throw new DatabaseException("no previous state of database " + live + " is kept (" + prev + " does not "
                    + "exist): only a whole-database restore keeps one; restore the pre_restore snapshot instead");
        }
        String swap = RestoreNames.swap(live, MysqlRestore.MAX_NAME);
        try (Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + MysqlObjects.q(swap));
            st.execute("CREATE DATABASE " + MysqlObjects.q(swap));
            try {
                exchange(live, prev, MysqlObjects.saved(admin, prev), prev, swap);
            } finally {
                st.execute("DROP DATABASE IF EXISTS " + MysqlObjects.q(swap));
            }
        }
        return prev;
    }

    private void exchange(String live, String incoming, List<Obj> incomingObjects, String keep)
            throws SQLException, DatabaseException {
        exchange(live, incoming, incomingObjects, keep, null);
    }

    /**
     * Live tables go to {@code keep} (via {@code swap} when {@code keep} is {@code incoming} itself), incoming tables
     * into the live database; then the incoming objects replace the live ones.
     */
    private void exchange(String live, String incoming, List<Obj> incomingObjects, String keep, String swap)
            throws SQLException, DatabaseException {
        List<Obj> liveObjects = MysqlObjects.read(admin, live);
        List<String> liveTables = restore.baseTables(live);
        List<String> incomingTables = restore.baseTables(incoming);
        List<String> forward = new ArrayList<>();
        List<String> back = new ArrayList<>();
        String parking = swap != null ? swap : keep;
        for (String t : liveTables) {
            forward.add(move(live, parking, t));
        }
        for (String t : incomingTables) {
            forward.add(move(incoming, live, t));
            back.add(move(live, swap != null ? swap : incoming, t));
        }
        for (String t : liveTables) {
            if (swap != null) {
                forward.add(move(swap, keep, t));
            }
            back.add(move(keep, live, t));
        }
        for (String t : incomingTables) {
            if (swap != null) {
                back.add(move(swap, incoming, t));
            }
        }
        // triggers would stop their tables from moving, and a live view may have the name of an incoming table
        List<Obj> first = liveObjects.stream().filter(o -> o.kind().equals("TRIGGER") || o.kind().equals("VIEW"))
                .toList();
        MysqlObjects.dropTriggers(admin, incoming, incomingObjects);
        MysqlObjects.drop(admin, live, first);
        try (Statement st = admin.createStatement()) {
            try {
                if (!forward.isEmpty()) {
                    st.execute("RENAME TABLE " + String.join(", ", forward));
                }
            } catch (SQLException e) {
                MysqlObjects.create(admin, live, first);
                throw e;
            }
            try {
                MysqlObjects.drop(admin, live, liveObjects.stream().filter(o -> !first.contains(o)).toList());
                MysqlObjects.create(admin, live, incomingObjects);
            } catch (SQLException e) {
                undo(st, live, back, liveObjects, incomingObjects, e);
            }
        }
        if (keep != null) {
            MysqlObjects.save(admin, keep, liveObjects);
        }
    }

    private void undo(Statement st, String live, List<String> back, List<Obj> liveObjects, List<Obj> incoming,
            SQLException cause) throws DatabaseException {
        try {
            MysqlObjects.drop(admin, live, incoming);
            if (!back.isEmpty()) {
                st.execute("RENAME TABLE " + String.join(", ", back));
            }
            MysqlObjects.create(admin, live, liveObjects);
        } catch (SQLException e) {
            cause.addSuppressed(e);
            throw new DatabaseException("re-creating the triggers, views, routines and events of " + live + " failed ("
                    + cause.getMessage() + ") and switching back failed too (" + e.getMessage() + "); check the "
                    + "database: its previous state is in " + RestoreNames.previous(live, MysqlRestore.MAX_NAME),
                    cause);
        }
        throw new DatabaseException("re-creating the triggers, views, routines and events in " + live + " failed ("
                + cause.getMessage() + "); the tables were switched back: " + MysqlRestore.CONSEQUENCE, cause);
    }

    private static String move(String from, String to, String table) {
        return MysqlObjects.q(from) + "." + MysqlObjects.q(table) + " TO " + MysqlObjects.q(to) + "."
                + MysqlObjects.q(table);
    }

}
