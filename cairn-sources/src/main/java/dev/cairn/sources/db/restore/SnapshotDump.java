package dev.cairn.sources.db.restore;

import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.dump.Dumper;
import dev.cairn.snapshots.restore.RestoreOptions;
import dev.cairn.snapshots.restore.RestoreResult;
import dev.cairn.snapshots.restore.Restorer;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.HashingInputStream;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A database backup inside a snapshot: the manifest at {@link SnapshotLayout#manifest()} and each database's files
 * below the folder its manifest entry names ({@code path}), so stand-alone ({@code /database/…}) and site
 * ({@code /site/<site>/database/…}) snapshots read the same way.
 *
 * @param label for messages, e.g. {@code snapshot 1a2b3c4d}
 */
public record SnapshotDump(Repository repo, Snapshot snapshot, SnapshotLayout layout, String label)
        implements DumpSource {

    @Override
    public Manifest manifest() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> problems = new ArrayList<>();
        try {
            new Dumper(repo, (p, m) -> problems.add(p + ": " + m)).dumpFile(snapshot, layout.manifest(), out);
        } catch (IOException e) {
            throw new DatabaseException(label + " holds no database backup: " + layout.manifest() + " is missing ("
                    + e.getMessage() + "); choose a snapshot made with --db (tag type:database)", e);
        }
        if (!problems.isEmpty()) {
            throw new DatabaseException("cannot read " + layout.manifest() + " of " + label + ": " + problems);
        }
        return Manifest.parse(out.toByteArray());
    }

    @Override
    public void extract(Manifest.Database db, Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        RestoreResult r = new Restorer(repo, new Progress("restore"), (p, m) -> problems.add(p + ": " + m))
                .restore(snapshot, db.path(), dir, RestoreOptions.defaults());
        if (!r.complete() || !problems.isEmpty()) {
            throw new DatabaseException("cannot read the dump of database " + db.name() + " from " + label + ": "
                    + (problems.isEmpty() ? r.failures() : problems) + "; run cairn check --read-data");
        }
        checkFiles(db, dir, label);
    }

    /** Every file of the manifest must be there with its size and SHA-256: a restore never loads a damaged dump. */
    static void checkFiles(Manifest.Database db, Path dir, String label) throws IOException {
        for (Manifest.DumpFile f : db.files()) {
            Path file = dir.resolve(f.path());
            if (!Files.isRegularFile(file)) {
                throw new DatabaseException("the dump of database " + db.name() + " in " + label + " lacks "
                        + f.path() + ", which its manifest lists");
            }
            CheckedOutput.check(db, f, HashingInputStream.file(f.path(), file), label);
        }
    }

    /**
     * Streams the file straight out of the repository ({@code restic dump}'s reader, which loads the next blobs
     * while the current one is written), so a restore tool can load it while it is still being read.
     */
    @Override
    public void stream(Manifest.Database db, Manifest.DumpFile file, OutputStream out) throws IOException {
        CheckedOutput checked = new CheckedOutput(out);
        List<String> problems = new ArrayList<>();
        String path = db.path() + "/" + file.path();
        try {
            new Dumper(repo, (p, m) -> problems.add(p + ": " + m)).dumpFile(snapshot, path, checked);
        } catch (IOException e) {
            if (checked.writeFailed()) {
                throw e; // the consumer went away: its own error says why
            }
            throw new DatabaseException("cannot read the dump file " + path + " of database " + db.name()
                    + " from " + label + ": " + e.getMessage() + "; run cairn check --read-data", e);
        }
        if (!problems.isEmpty()) {
            throw new DatabaseException("cannot read the dump file " + path + " of database " + db.name()
                    + " from " + label + ": " + problems + "; run cairn check --read-data");
        }
        checked.check(db, file, label);
    }

    @Override
    public String describe() {
        return label;
    }
}
