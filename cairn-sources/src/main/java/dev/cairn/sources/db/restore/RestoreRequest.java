package dev.cairn.sources.db.restore;

import dev.cairn.sources.db.DatabaseUrl;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One database restore.
 *
 * @param source               the snapshot (or other source) holding the backup
 * @param database             the manifest's database {@code name}; {@code null} = the only one in the manifest
 * @param target               the database to restore into (created when missing); for a sandbox only its server
 *                             and credentials are used (SQLite: its folder)
 * @param mode                 {@link Mode}
 * @param tables               only these tables (patterns with {@code *} and {@code ?}, matched against
 *                             {@code schema.table} and {@code table}); empty = the whole database
 * @param keepSandbox          keep the sandbox database instead of dropping it after the checks
 * @param preRestore           takes the pre_restore snapshot before the live database is changed; {@code null} =
 *                             none ({@code --no-pre-restore})
 * @param connectionWait       how long to wait for sessions on the live database to end before a switch
 * @param terminateConnections end those sessions instead of waiting (PostgreSQL)
 * @param jobs                 parallel restore jobs ({@code pg_restore -j}) where the dump format allows
 */
public record RestoreRequest(DumpSource source, String database, DatabaseUrl target, Mode mode, List<String> tables,
        boolean keepSandbox, PreRestore preRestore, Duration connectionWait, boolean terminateConnections,
        int jobs) {

    /** What a restore does. */
    public enum Mode {
        /** Restore into the target, safely: new database, verify, switch atomically, keep the previous state. */
        LIVE,
        /** Restore into a scratch database named by Cairn, verify, report, drop it (unless kept). */
        SANDBOX,
        /** Change nothing: list what would be created, replaced and dropped, with row counts. */
        DRY_RUN
    }

    public RestoreRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        tables = List.copyOf(tables);
        Objects.requireNonNull(connectionWait, "connectionWait");
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        if (mode == Mode.SANDBOX && !tables.isEmpty()) {
            throw new IllegalArgumentException("a sandbox restore restores the whole database: leave out --table");
        }
    }

    /** A live restore of the whole (only) database, no pre_restore snapshot, 30 s wait for sessions, 2 jobs. */
    public static RestoreRequest of(DumpSource source, DatabaseUrl target) {
        return new RestoreRequest(source, null, target, Mode.LIVE, List.of(), false, null, Duration.ofSeconds(30),
                false, 2);
    }

    public RestoreRequest withDatabase(String v) {
        return new RestoreRequest(source, v, target, mode, tables, keepSandbox, preRestore, connectionWait,
                terminateConnections, jobs);
    }

    public RestoreRequest withMode(Mode v) {
        return new RestoreRequest(source, database, target, v, tables, keepSandbox, preRestore, connectionWait,
                terminateConnections, jobs);
    }

    public RestoreRequest withTables(List<String> v) {
        return new RestoreRequest(source, database, target, mode, v, keepSandbox, preRestore, connectionWait,
                terminateConnections, jobs);
    }

    public RestoreRequest withKeepSandbox(boolean v) {
        return new RestoreRequest(source, database, target, mode, tables, v, preRestore, connectionWait,
                terminateConnections, jobs);
    }

    public RestoreRequest withPreRestore(PreRestore v) {
        return new RestoreRequest(source, database, target, mode, tables, keepSandbox, v, connectionWait,
                terminateConnections, jobs);
    }

    public RestoreRequest withConnections(Duration wait, boolean terminate) {
        return new RestoreRequest(source, database, target, mode, tables, keepSandbox, preRestore, wait, terminate,
                jobs);
    }

    public RestoreRequest withJobs(int v) {
        return new RestoreRequest(source, database, target, mode, tables, keepSandbox, preRestore, connectionWait,
                terminateConnections, v);
    }
}
