package dev.cairn.sources.db.restore;

import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.SnapshotLayout;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Takes the {@code pre_restore} snapshot of the live database right before a restore replaces it (DESIGN §4). A
 * failure stops the restore with the live database unchanged.
 */
@FunctionalInterface
public interface PreRestore {

    /**
     * Backs up {@code live} under the folder name {@code name} (the restored snapshot's, so the pre_restore
     * snapshot restores into the same target the same way); returns the new snapshot's ID.
     */
    String snapshot(DatabaseUrl live, String name) throws IOException;

    /**
     * A database backup with {@link DatabaseBackup} through {@code archiver}, whose options carry the tags (the
     * CLI uses {@code trigger:pre_restore} and {@code type:database}).
     */
    static PreRestore backup(Supplier<Archiver> archiver, SnapshotLayout layout, DatabaseEnvironment env,
            String program) {
        return (live, name) -> new DatabaseBackup(layout, env, program)
                .run(archiver.get(), List.of(), List.of(new DatabaseBackup.Request(live,
                        DumpOptions.all().withName(name))))
                .backup().snapshotId().hex();
    }
}
