package dev.cairn.sources.db.restore;

import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.util.List;

/**
 * A database restore in two steps, for callers that switch several things together (a site restore switches its
 * media and its database in one go, DESIGN §4). {@link #prepare} restores the dump into a new database beside the
 * live one and verifies its rows against the manifest; nothing live has changed. {@link #switchIn} then makes it
 * live atomically (the whole database: the replaced one is kept as the previous state for
 * {@link DatabaseRestore#rollback}; some tables: they are replaced in the live database in one transaction).
 * {@link #close} drops the new database unless it was switched in. The caller takes the pre_restore snapshot.
 */
public final class StagedRestore implements AutoCloseable {

    private final DatabaseEnvironment env;
    private final EngineRestore engine;
    private final DumpFiles dump;
    private final Manifest.Database db;
    private final List<Manifest.Table> tables;
    private final boolean someTables;
    private final String scratch;
    private final long records;
    private boolean switched;

    private StagedRestore(DatabaseEnvironment env, EngineRestore engine, DumpFiles dump, Manifest.Database db,
            List<Manifest.Table> tables, boolean someTables, String scratch, long records) {
        this.env = env;
        this.engine = engine;
        this.dump = dump;
        this.db = db;
        this.tables = tables;
        this.someTables = someTables;
        this.scratch = scratch;
        this.records = records;
    }

    /**
     * Reads the dump of {@code db} from {@code source} (checking every file against the manifest) into a
     * new database beside {@code target} and verifies the rows of every table (of {@code tablePatterns} when
     * given: those must exist in the live database, which must exist). Any failure drops what was created.
     */
    public static StagedRestore prepare(DatabaseEnvironment env, DumpSource source, Manifest.Database db,
            DatabaseUrl target, List<String> tablePatterns, int jobs) throws IOException {
        DatabaseRestore.checkEngine(db, target);
        List<Manifest.Table> tables = DatabaseRestore.select(db, tablePatterns);
        EngineRestore engine = new DatabaseRestore(env).engine(target);
        DumpFiles dump = null;
        String scratch = null;
        try {
            if (!tablePatterns.isEmpty()) {
                EngineRestore.LiveState live = engine.inspect();
                if (!live.exists()) {
                    throw new DatabaseException("database " + live.name() + " does not exist, so single tables "
                            + "cannot be restored into it; restore the whole database (leave out --table)");
                }
            }
            dump = DumpFiles.open(source, db, env.tempDir());
            scratch = engine.scratchName("new");
            engine.load(scratch, dump, db, jobs);
            DatabaseRestore.verify(engine, scratch, tables, true);
            long rows = tables.stream().mapToLong(Manifest.Table::rows).sum();
            return new StagedRestore(env, engine, dump, db, tables, !tablePatterns.isEmpty(), scratch, rows);
        } catch (IOException | RuntimeException e) {
            try {
                if (scratch != null) {
                    engine.drop(scratch);
                }
            } catch (IOException dropFailed) {
                e.addSuppressed(dropFailed);
            } finally {
                if (dump != null) {
                    dump.close();
                }
                engine.close();
            }
            throw e;
        }
    }

    /** Rows restored and verified (of the chosen tables when some were given). */
    public long records() {
        return records;
    }

    /** The restored tables' names ({@code schema.table} where the engine has schemas). */
    public List<String> tables() {
        return tables.stream().map(Manifest.Table::qualifiedName).toList();
    }

    /** Whether only some tables are restored (then {@link #switchIn} replaces them in one transaction). */
    public boolean someTables() {
        return someTables;
    }

    /**
     * Makes the restored data live, atomically. The whole database: the live one becomes the previous state, whose
     * name is returned ({@code null} when the target did not exist). Some tables: they are replaced in the live
     * database in one transaction that checks their rows; returns {@code null}.
     */
    public String switchIn(EngineRestore.Connections connections) throws IOException {
        if (switched) {
            throw new IllegalStateException("already switched in");
        }
        if (someTables) {
            engine.restoreTables(dump, db, tables);
            switched = true;
            return null;
        }
        String previous = engine.switchTo(scratch, connections);
        switched = true;
        return previous;
    }

    /**
     * Drops the new database unless it was switched in as a whole (then only what is left of it: MariaDB's empty
     * schema), and the extracted dump.
     */
    @Override
    public void close() throws IOException {
        try {
            if (!switched || someTables) {
                engine.drop(scratch);
            } else {
                try {
                    engine.drop(scratch);
                } catch (IOException e) {
                    env.warnings().accept("could not drop " + scratch + " after the switch: " + e.getMessage());
                }
            }
        } finally {
            try {
                dump.close();
            } finally {
                engine.close();
            }
        }
    }
}
