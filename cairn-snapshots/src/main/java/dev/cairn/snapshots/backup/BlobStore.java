package dev.cairn.snapshots.backup;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the archiver puts blobs: the repository, or nowhere on a dry run (which still hashes everything and
 * counts what would have been added). Trees are encoded here rather than through {@link Repository#saveTree} so
 * that the saved byte count is known for the summary and a dry run gets the real tree IDs (the same encoder
 * {@code saveTree} uses, so the IDs are identical).
 */
final class BlobStore {

    private final Repository repo;
    private final boolean dryRun;
    private final Stats stats;
    /** Dry run only: blobs this run would have added, so duplicates count once. */
    private final Set<Id> wouldAdd = ConcurrentHashMap.newKeySet();

    BlobStore(Repository repo, boolean dryRun, Stats stats) {
        this.repo = repo;
        this.dryRun = dryRun;
        this.stats = stats;
    }

    /** Hashes, stores (unless known) and returns the ID of one chunk of file content. */
    Id saveData(byte[] chunk) throws IOException {
        Id id = Id.hash(chunk);
        long packed = save(BlobType.DATA, id, chunk);
        if (packed >= 0) {
            stats.dataBlobAdded(chunk.length, packed);
        }
        return id;
    }

    Id saveTree(Tree tree) throws IOException {
        byte[] json = tree.json();
        Id id = Id.hash(json);
        long packed = save(BlobType.TREE, id, json);
        if (packed >= 0) {
            stats.treeBlobAdded(json.length, packed);
        }
        return id;
    }

    /** Whether every blob of a parent snapshot's file is still in the index (restic's allBlobsPresent). */
    boolean hasAllData(List<Id> content) {
        for (Id id : content) {
            if (!repo.hasBlob(BlobType.DATA, id)) {
                return false;
            }
        }
        return true;
    }

    /** @return the stored bytes added, 0 for a dry run's new blob, or -1 if the blob was already there */
    private long save(BlobType type, Id id, byte[] plain) throws IOException {
        if (dryRun) {
            return !repo.hasBlob(type, id) && wouldAdd.add(id) ? 0 : -1;
        }
        long added = repo.saveBlob(type, id, plain);
        return added > 0 ? added : -1;
    }
}
