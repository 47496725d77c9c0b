package dev.cairn.repository;

/**
 * A set of indexed blobs, one bit per index entry: how prune marks what snapshots use without a Java object per
 * blob (ten million blobs take 1.25 MB). Thread safe. Valid while the index is unchanged: obtain it from
 * {@link Repository#newBlobMarks()} after the index is loaded and before it is rewritten.
 */
public interface BlobMarks {

    /** What {@link #mark} did. */
    enum Result {
        /** The blob was not marked before and is now. */
        MARKED,
        /** The blob was already marked. */
        ALREADY_MARKED,
        /** The index has no such blob: nothing was marked. */
        NOT_INDEXED
    }

    Result mark(BlobType type, Id id);

    /** Whether the blob is marked (false for blobs the index does not have). */
    boolean isMarked(BlobType type, Id id);

    /** How many blobs are marked. */
    long count();
}
