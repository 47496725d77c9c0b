package dev.cairn.sources.db.restore;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did (or, for a dry run, would do).
 *
 * @param mode               live, sandbox or dry run
 * @param engine             {@code postgresql}, {@code mariadb}, {@code sqlite}
 * @param database           the manifest's database name
 * @param restoredInto       the database (or file) that now holds the restored data: the target, the sandbox; for a
 *                           dry run the target
 * @param changes            per database and table: what was (would be) created, replaced, dropped
 * @param checks             the row counts verified against the manifest (empty for a dry run)
 * @param previousState      the kept previous state ({@code cairn rollback} switches back to it), or {@code null}
 * @param preRestoreSnapshot the pre_restore snapshot's ID, or {@code null}
 * @param sandboxKept        the sandbox was kept ({@code --keep})
 */
public record RestoreReport(RestoreRequest.Mode mode, String engine, String database, String restoredInto,
        List<Change> changes, List<TableCheck> checks, String previousState, String preRestoreSnapshot,
        boolean sandboxKept, Duration elapsed) {

    public RestoreReport {
        changes = List.copyOf(changes);
        checks = List.copyOf(checks);
    }

    /** What happens to one object. */
    public enum Action { CREATE, REPLACE, DROP, KEEP_AS_PREVIOUS }

    /**
     * @param kind      {@code database} or {@code table} (SQLite: {@code file} for the database)
     * @param rowsNow   rows in the live object now ({@code null}: none or not a table)
     * @param rowsAfter rows after the restore, from the manifest ({@code null}: not a table / dropped)
     */
    public record Change(Action action, String kind, String name, Long rowsNow, Long rowsAfter) {
    }

    /** A table's rows after the restore compared with the manifest. */
    public record TableCheck(String table, long expected, long actual) {
        public boolean ok() {
            return expected == actual;
        }
    }
}
