package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The snapshots that can be read, oldest first. A damaged snapshot file is named in a warning and skipped, as
 * restic 0.14's {@code snapshots} does: one bad file must not hide every other snapshot from the listing.
 */
final class ReadableSnapshots {

    private ReadableSnapshots() {
    }

    static List<SnapshotRef> load(Repository repo, Output out) throws IOException {
        List<Id> ids = new ArrayList<>();
        repo.storage().list(FileType.SNAPSHOT, f -> {
            if (Id.isId(f.name())) {
                ids.add(Id.parse(f.name()));
            }
        });
        List<SnapshotRef> refs = new ArrayList<>();
        for (Id id : ids) {
            try {
                refs.add(new SnapshotRef(id, repo.loadSnapshot(id)));
            } catch (RepositoryException.Corrupt e) {
                out.message("warning: skipping damaged snapshot snapshots/" + id.hex() + ": " + e.getMessage()
                        + "; run 'cairn check' for details");
            }
        }
        refs.sort(Comparator.comparing((SnapshotRef r) -> r.snapshot().time()).thenComparing(SnapshotRef::id));
        return refs;
    }
}
