package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.restore.EngineRestore.Connections;
import dev.cairn.sources.db.restore.RestoreNames;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The atomic switch: {@code ALTER DATABASE … RENAME} of the live database to its previous-state name and of the new
 * database to the live name, in one transaction (PostgreSQL allows renames inside a transaction block, so either
 * both happen or neither). A database cannot be renamed while sessions are connected to it: Cairn waits for them
 * to end (up to the given time) or, when asked, terminates them; a session that connects again before the rename
 * makes it fail with "being accessed by other users", and Cairn tries again until the time is up.
 */
final class PgSwitch {

    private static final String IN_USE = "55006";

    private final Connection admin;
    private final DatabaseUrl target;
    private final PostgresRestore restore;

    PgSwitch(Connection admin, DatabaseUrl target, PostgresRestore restore) {
        this.admin = admin;
        this.target = target;
        this.restore = restore;
    }

    String switchTo(String scratch, Connections connections) throws IOException {
        String live = target.database();
        String prev = RestoreNames.previous(live, PostgresRestore.MAX_NAME);
        try {
            if (!restore.exists(live)) {
                renames(connections, List.of(scratch), List.<String[]>of(new String[] {scratch, live}), null);
                return null;
            }
            if (restore.exists(prev)) {
                restore.drop(prev); // the older previous state; the pre_restore snapshot holds the one replaced now
            }
            renames(connections, List.of(live, scratch), List.of(new String[] {live, prev},
                    new String[] {scratch, live}), prev);
            return prev;
        } catch (SQLException e) {
            throw restore.explain(e, " (switching " + scratch + " in)");
        }
    }

    String rollback(Connections connections) throws IOException {
        String live = target.database();
        String prev = RestoreNames.previous(live, PostgresRestore.MAX_NAME);
        String swap = RestoreNames.swap(live, PostgresRestore.MAX_NAME);
        try {
            if (!restore.exists(prev)) {
                throw new DatabaseException("no previous state of database " + live + " is kept on " + target.host()
                        + ":" + target.port() + " (" + prev + " does not exist): only a whole-database restore "
                        + "keeps one; restore the pre_restore snapshot instead");
            }
            if (restore.exists(swap)) {
                throw new DatabaseException("database " + swap + " exists, left over from an interrupted "
                        + "rollback; check it and drop it, then try again");
            }
            renames(connections, List.of(live, prev), List.of(new String[] {live, swap}, new String[] {prev, live},
                    new String[] {swap, prev}), prev);
            return prev;
        } catch (SQLException e) {
            throw restore.explain(e, " (rolling back)");
        }
    }

    /** Runs the renames in one transaction once no session uses the databases, retrying until the time is up. */
    private void renames(Connections connections, List<String> busy, List<String[]> renames, String commentOn)
            throws SQLException, IOException {
        long deadline = System.nanoTime() + connections.timeout().toNanos();
        while (true) {
            for (String db : busy) {
                awaitNoSessions(db, connections, deadline);
            }
            admin.setAutoCommit(false);
            try (Statement st = admin.createStatement()) {
                for (String[] r : renames) {
                    st.execute("ALTER DATABASE " + PgTables.quote(r[0]) + " RENAME TO " + PgTables.quote(r[1]));
                }
                if (commentOn != null) {
                    st.execute("COMMENT ON DATABASE " + PgTables.quote(commentOn) + " IS 'cairn: the state of "
                            + target.database().replace("'", "''") + " before the last restore or rollback; "
                            + "cairn rollback switches back to it'");
                }
                admin.commit();
                return;
            } catch (SQLException e) {
                admin.rollback();
                if (!IN_USE.equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
            } finally {
                admin.setAutoCommit(true);
            }
        }
    }

    private void awaitNoSessions(String db, Connections connections, long deadline) throws SQLException,
            IOException {
        while (true) {
            if (connections.terminate()) {
                try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM "
                        + "pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    ps.setString(1, db);
                    ps.executeQuery().close();
                }
            }
            String sessions = sessions(db);
            if (sessions == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new DatabaseException("sessions are still connected to database " + db + " after "
                        + connections.timeout().toSeconds() + " s (" + sessions + "), so it cannot be switched; stop "
                        + "them, or pass --terminate-connections to end them; the live database was not changed");
            }
            try {
                Thread.sleep(100); // polling: PostgreSQL has no notification for "last session ended"
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for sessions on " + db);
            }
        }
    }

    /** {@code null} when none, else e.g. {@code 2 sessions: psql@127.0.0.1, app@local}. */
    private String sessions(String db) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT count(*), string_agg(DISTINCT "
                + "coalesce(nullif(application_name, ''), usename) || '@' || coalesce(host(client_addr), 'local'), "
                + "', ') FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                return n == 0 ? null : n + (n == 1 ? " session: " : " sessions: ") + rs.getString(2);
            }
        }
    }
}
