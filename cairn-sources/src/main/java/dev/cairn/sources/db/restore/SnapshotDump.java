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
            Manifest.DumpFile actual = HashingInputStream.file(f.path(), file);
            if (actual.size() != f.size() || !actual.sha256().equals(f.sha256())) {
                throw new DatabaseException("the dump file " + f.path() + " of database " + db.name() + " in "
                        + label + " does not match its manifest (size " + actual.size() + " vs " + f.size()
                        + ", sha256 " + actual.sha256() + " vs " + f.sha256() + "); the snapshot is damaged");
            }
        }
    }

    @Override
    public String describe() {
        return label;
    }
}
