package dev.cairn.sources;

import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupResult;
import dev.cairn.snapshots.backup.VirtualEntry;
import dev.cairn.sources.db.DatabaseDump;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.sources.db.mysql.MysqlDump;
import dev.cairn.sources.db.postgres.PostgresDump;
import dev.cairn.sources.db.sqlite.SqliteDump;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Backs up databases (and optionally files) into one snapshot: every database is opened first (so a refused
 * login, a missing database or a missing tool fails before anything is stored), then the archiver reads the dumps
 * one after another and finally the manifest, which describes what the dumps turned out to hold. Any failure
 * leaves no snapshot; every transaction, child process and temporary file is cleaned up either way.
 */
public final class DatabaseBackup {

    /** One database to back up. */
    public record Request(DatabaseUrl url, DumpOptions options) {
        public Request {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(options, "options");
        }
    }

    /** The snapshot written and the manifest stored in it. */
    public record Result(BackupResult backup, Manifest manifest) {
    }

    private final SnapshotLayout layout;
    private final DatabaseEnvironment env;
    private final String program;

    /** @param program recorded in the manifest, e.g. {@code cairn 0.1.0} */
    public DatabaseBackup(SnapshotLayout layout, DatabaseEnvironment env, String program) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.env = Objects.requireNonNull(env, "env");
        this.program = Objects.requireNonNull(program, "program");
    }

    /** Opens one database for dumping (connects, checks tools, pins the state to dump). */
    public static DatabaseDump open(Request r, DatabaseEnvironment env) throws IOException {
        return switch (r.url().engine()) {
            case POSTGRESQL -> PostgresDump.open(r.url(), r.options(), env);
            case MARIADB -> MysqlDump.open(r.url(), r.options(), env);
            case SQLITE -> SqliteDump.open(r.url(), r.options(), env);
        };
    }

    /**
     * Opens every database (connects, checks the tools, pins the state to dump); if one fails, those already open
     * are closed again. Callers may do this while the repository opens (its key derivation is CPU work; opening a
     * database mostly waits on the server and the dump tool), then pass the result to
     * {@link #run(Archiver, List, Opened)}.
     *
     * @throws IllegalArgumentException if there is none, or two databases would be stored under one name
     */
    public Opened open(List<Request> requests) throws IOException {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no database to back up");
        }
        checkNames(requests);
        Opened opened = new Opened(new ArrayList<>());
        try {
            for (Request r : requests) {
                opened.dumps.add(open(r, env));
            }
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /** Backs up {@code targets} (may be empty) and the databases into one snapshot. */
    public Result run(Archiver archiver, List<Path> targets, List<Request> requests) throws IOException {
        try (Opened opened = open(requests)) {
            return run(archiver, targets, opened);
        }
    }

    /** Backs up {@code targets} (may be empty) and databases already opened into one snapshot; the caller closes. */
    public Result run(Archiver archiver, List<Path> targets, Opened opened) throws IOException {
        List<DatabaseDump> dumps = opened.dumps;
        List<VirtualEntry> entries = new ArrayList<>();
        for (DatabaseDump d : dumps) {
            entries.addAll(d.entries(layout.databaseDir(d.name())));
        }
        AtomicReference<Manifest> manifest = new AtomicReference<>();
        entries.add(VirtualEntry.stream(layout.manifest(), () -> {
            List<Manifest.Database> described = new ArrayList<>();
            for (DatabaseDump d : dumps) {
                described.add(d.describe(layout.databaseDir(d.name())));
            }
            Manifest m = new Manifest(Manifest.FORMAT_VERSION, program, env.clock().instant(), described);
            manifest.set(m);
            return new ByteArrayInputStream(m.toJson());
        }));
        BackupResult result = archiver.backup(targets, entries);
        return new Result(result, manifest.get());
    }

    private static void checkNames(List<Request> requests) {
        Set<String> seen = new HashSet<>();
        for (Request r : requests) {
            String name = r.options().name() != null ? r.options().name() : r.url().defaultName();
            if (!seen.add(name)) {
                throw new IllegalArgumentException("two databases would both be stored as 'database/" + name
                        + "' (" + r.url() + "); back them up in separate snapshots or give them distinct names");
            }
        }
    }

    /**
     * Databases opened for one backup. Closing ends their transactions, stops their tools and deletes their
     * temporary files. It may be called again: a caller closes as soon as the snapshot is written, and once more on
     * its way out in case it never got that far.
     */
    public final class Opened implements AutoCloseable {

        private final List<DatabaseDump> dumps;
        private boolean closed;

        private Opened(List<DatabaseDump> dumps) {
            this.dumps = dumps;
        }

        /** Closing never hides the backup's own outcome: a failure to clean up is only reported. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (DatabaseDump d : dumps) {
                try {
                    d.close();
                } catch (IOException | RuntimeException e) {
                    env.warnings().accept("cleaning up after database " + d.name() + " failed: " + e.getMessage());
                }
            }
        }
    }
}
