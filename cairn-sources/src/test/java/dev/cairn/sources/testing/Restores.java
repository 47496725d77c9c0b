package dev.cairn.sources.testing;

import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.sources.db.restore.DumpSource;
import dev.cairn.sources.db.restore.PreRestore;
import dev.cairn.sources.db.restore.SnapshotDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Backing a database up into a test repository and pointing a restore at that snapshot. */
public final class Restores {

    private Restores() {
    }

    /** Backs {@code url} up (stand-alone layout) and returns the snapshot as a restore source. */
    public static SnapshotDump backup(Repository repo, DatabaseUrl url, DumpOptions options, DatabaseEnvironment env)
            throws IOException {
        DatabaseBackup.Result r = new DatabaseBackup(SnapshotLayout.standalone(), env, "cairn test")
                .run(TestRepos.archiver(repo), List.of(), List.of(new DatabaseBackup.Request(url, options)));
        Snapshot s = r.backup().snapshot();
        return new SnapshotDump(repo, s, SnapshotLayout.standalone(), "snapshot " + r.backup().snapshotId()
                .shortHex());
    }

    /** A pre_restore hook writing into {@code repo} with the CLI's tags. */
    public static PreRestore preRestore(Repository repo, DatabaseEnvironment env) {
        return PreRestore.backup(() -> new Archiver(repo, BackupOptions.defaults().withHostname("dbtest")
                .withTags(List.of("trigger:pre_restore", "type:database")), new Progress("pre_restore"),
                Warnings.IGNORE), SnapshotLayout.standalone(), env, "cairn test");
    }

    /** {@code source} with its manifest changed by {@code change} (e.g. a wrong row count). */
    public static DumpSource tampered(DumpSource source, UnaryOperator<Manifest.Database> change) {
        return new DumpSource() {
            @Override
            public Manifest manifest() throws IOException {
                Manifest m = source.manifest();
                return new Manifest(m.formatVersion(), m.program(), m.created(),
                        m.databases().stream().map(change).toList());
            }

            @Override
            public void extract(Manifest.Database db, Path dir) throws IOException {
                source.extract(db, dir);
            }

            @Override
            public void stream(Manifest.Database db, Manifest.DumpFile file, java.io.OutputStream out)
                    throws IOException {
                source.stream(db, file, out);
            }

            @Override
            public String describe() {
                return source.describe();
            }
        };
    }

    /**
     * {@code source} whose dump files fail to read after {@code bytes} bytes, as a repository read error midway
     * through a streamed restore would.
     */
    public static DumpSource breaksAfter(DumpSource source, long bytes) {
        return new DumpSource() {
            @Override
            public Manifest manifest() throws IOException {
                return source.manifest();
            }

            @Override
            public void extract(Manifest.Database db, Path dir) throws IOException {
                throw new IOException("pack 0123abcd cannot be read");
            }

            @Override
            public void stream(Manifest.Database db, Manifest.DumpFile file, java.io.OutputStream out)
                    throws IOException {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                source.stream(db, file, all);
                out.write(all.toByteArray(), 0, (int) Math.min(bytes, all.size()));
                throw new IOException("pack 0123abcd cannot be read");
            }

            @Override
            public String describe() {
                return source.describe();
            }
        };
    }

    /** {@code db} with one more row claimed for its first table. */
    public static Manifest.Database oneRowMore(Manifest.Database db) {
        List<Manifest.Table> tables = new java.util.ArrayList<>(db.tables());
        Manifest.Table t = tables.get(0);
        tables.set(0, new Manifest.Table(t.schema(), t.name(), t.rows() + 1, t.sizeBytes()));
        return new Manifest.Database(db.name(), db.path(), db.engine(), db.source(), db.database(),
                db.serverVersion(), db.tool(), db.toolVersion(), db.format(), db.files(), db.consistency(),
                db.filters(), tables, db.timings(), db.warnings(), db.restore());
    }
}
