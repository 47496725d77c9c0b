package dev.cairn.snapshots.copy;

import dev.cairn.repository.Id;
import java.util.List;

/**
 * What a copy did.
 *
 * @param copied     source snapshots copied, with the ID each got in the destination
 * @param skipped    source snapshots the destination had already (a copy of them, or the same snapshot)
 * @param blobs      blobs transferred (the destination lacked them)
 * @param bytesAdded bytes those blobs added to the destination (encrypted, after compression)
 */
public record CopyResult(List<Copied> copied, List<Skipped> skipped, long blobs, long bytesAdded) {

    public CopyResult {
        copied = List.copyOf(copied);
        skipped = List.copyOf(skipped);
    }

    /** A source snapshot and its new copy. */
    public record Copied(Id source, Id destination) {
    }

    /** A source snapshot and the destination snapshot that already is its copy. */
    public record Skipped(Id source, Id existing) {
    }
}
