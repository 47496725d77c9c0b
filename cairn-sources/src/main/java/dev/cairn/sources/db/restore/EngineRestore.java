package dev.cairn.sources.db.restore;

import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@link DatabaseRestore} needs from one engine, for one target database. "Database" names below are server
 * database names (PostgreSQL, MariaDB) or file paths (SQLite). Implementations: {@code PostgresRestore},
 * {@code MysqlRestore}, {@code SqliteRestore}; callers use {@link DatabaseRestore}, not this interface.
 */
public interface EngineRestore extends AutoCloseable {

    /** The live database now. */
    LiveState inspect() throws IOException;

    /** A fresh name next to the target, e.g. {@code shop__cairn_new_1a2b3c} or {@code cairn_sandbox_shop_1a2b3c}. */
    String scratchName(String purpose);

    /**
     * Creates the empty database {@code name} and loads the dump (the manifest's files) into it, with up to
     * {@code jobs} parallel jobs where the format allows; streamed from the repository where the tool can read a
     * stream. A dump file that fails its manifest check fails the load (the caller drops {@code name}).
     */
    void load(String name, DumpFiles dump, Manifest.Database db, int jobs) throws IOException;

    /** Rows of each table (by {@link Manifest.Table#qualifiedName()}) in database {@code name}; absent = missing. */
    Map<String, Long> count(String name, List<Manifest.Table> tables) throws IOException;

    /**
     * Makes {@code scratch} the live database in one atomic step. A live database that exists becomes the
     * previous state (replacing an older one), whose name is returned; {@code null} when there was none (the
     * target is simply created).
     */
    String switchTo(String scratch, Connections connections) throws IOException;

    /** Switches the live database and the kept previous state back, atomically; returns the previous state's name. */
    String rollback(Connections connections) throws IOException;

    /**
     * Replaces only {@code tables} of the live database with their rows in the dump, atomically (one transaction
     * that also checks the row counts; on any failure nothing changes).
     */
    void restoreTables(DumpFiles dump, Manifest.Database db, List<Manifest.Table> tables) throws IOException;

    /** Drops a database this restore created (scratch or sandbox); missing is fine. */
    void drop(String name) throws IOException;

    @Override
    void close();

    /**
     * @param exists   whether the target database exists
     * @param name     the target's name (database or file)
     * @param tables   its tables and their rows (empty when it does not exist)
     * @param previous the previous state kept by the last restore, or {@code null}
     */
    record LiveState(boolean exists, String name, Map<String, Long> tables, String previous) {
    }

    /**
     * How to handle sessions still connected to the live database when it must be renamed (PostgreSQL).
     *
     * @param timeout   how long to wait for them to end
     * @param terminate end them ({@code pg_terminate_backend}) instead of waiting
     */
    record Connections(Duration timeout, boolean terminate) {
    }
}
