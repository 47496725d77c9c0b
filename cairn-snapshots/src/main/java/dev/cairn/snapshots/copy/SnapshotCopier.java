package dev.cairn.snapshots.copy;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Copies snapshots from one repository to another, as restic's {@code copy}: only the blobs the destination lacks
 * are transferred (decrypted with the source's key, encrypted with the destination's), and each copy keeps every
 * field of its snapshot but {@code parent}, with {@code original} naming the first snapshot of the chain.
 *
 * <p><b>Idempotent:</b> a source snapshot whose copy (same original, or the same snapshot, with similar fields) is
 * in the destination already is skipped. <b>Resumable:</b> a snapshot is saved only after its blobs are flushed
 * (uploaded and indexed), so a killed copy leaves no partial snapshot; blobs flushed before it stopped are not
 * transferred again. Callers hold the repositories' locks.
 */
public final class SnapshotCopier {

    private final Repository source;
    private final Repository destination;
    private final BlobTransfer.Tuning tuning;

    public SnapshotCopier(Repository source, Repository destination) {
        this(source, destination, BlobTransfer.Tuning.DEFAULT);
    }

    SnapshotCopier(Repository source, Repository destination, BlobTransfer.Tuning tuning) {
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.tuning = tuning;
    }

    /** Copies {@code snapshots} (of the source; oldest first is the natural order) that the destination lacks. */
    public CopyResult copy(List<SnapshotRef> snapshots, CopyListener listener) throws IOException {
        Map<Id, List<SnapshotRef>> byOriginal = new HashMap<>();
        for (SnapshotRef existing : destination.listSnapshots()) {
            if (existing.snapshot().original() != null) {
                byOriginal.computeIfAbsent(existing.snapshot().original(), k -> new ArrayList<>()).add(existing);
            }
            // also an identical snapshot (the same file, copied some other way)
            byOriginal.computeIfAbsent(existing.id(), k -> new ArrayList<>()).add(existing);
        }
        List<CopyResult.Copied> copied = new ArrayList<>();
        List<CopyResult.Skipped> skipped = new ArrayList<>();
        Set<Id> visitedTrees = new HashSet<>();
        long blobs = 0;
        long bytes = 0;
        for (SnapshotRef ref : snapshots) {
            Snapshot sn = ref.snapshot();
            Id original = sn.original() != null ? sn.original() : ref.id();
            SnapshotRef existing = findCopy(byOriginal.getOrDefault(original, List.of()), sn);
            if (existing != null) {
                skipped.add(new CopyResult.Skipped(ref.id(), existing.id()));
                listener.skipped(ref, existing.id());
                continue;
            }
            listener.copying(ref);
            BlobTransfer transfer = new BlobTransfer(source, destination, visitedTrees, tuning);
            transfer.copyTree(sn.tree()); // flushes: every blob the snapshot names is durable and indexed
            Snapshot copy = new Snapshot(sn.time(), null, sn.tree(), sn.paths(), sn.hostname(), sn.username(),
                    sn.uid(), sn.gid(), sn.excludes(), sn.tags(), original, sn.programVersion(), sn.summary());
            Id newId = destination.saveSnapshot(copy);
            byOriginal.computeIfAbsent(original, k -> new ArrayList<>()).add(new SnapshotRef(newId, copy));
            copied.add(new CopyResult.Copied(ref.id(), newId));
            blobs += transfer.blobs();
            bytes += transfer.bytes();
            listener.copied(ref, newId, transfer.blobs(), transfer.bytes());
        }
        return new CopyResult(copied, skipped, blobs, bytes);
    }

    private static SnapshotRef findCopy(List<SnapshotRef> candidates, Snapshot sn) {
        for (SnapshotRef candidate : candidates) {
            if (SimilarSnapshots.similar(candidate.snapshot(), sn)) {
                return candidate;
            }
        }
        return null;
    }
}
