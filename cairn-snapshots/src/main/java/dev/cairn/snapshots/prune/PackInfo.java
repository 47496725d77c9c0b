package dev.cairn.snapshots.prune;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;

/** Per-pack accounting of the plan (restic's packInfo): used and unused blobs and bytes, type, compression. */
final class PackInfo {
    final Id id;
    long usedBlobs;
    long unusedBlobs;
    long usedSize;
    long unusedSize;
    /** null until the first blob is seen; {@link #mixed} when it holds both types. */
    BlobType type;
    boolean mixed;
    boolean uncompressed;
    /** Sum of the blob lengths, to derive the header size from the pack size the index implies. */
    long blobBytes;

    PackInfo(Id id) {
        this.id = id;
    }

    void addType(BlobType t) {
        if (type == null) {
            type = t;
        } else if (type != t) {
            mixed = true;
        }
    }

    /** restic: a pack is a data pack only when all its blobs are data blobs. */
    boolean isData() {
        return type == BlobType.DATA && !mixed;
    }

    long size() {
        return usedSize + unusedSize;
    }
}
