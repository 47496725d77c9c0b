package dev.cairn.repository;

import dev.cairn.storage.Storage;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open restic (format v2) repository: content-addressed, deduplicated, compressed and encrypted blobs in packs,
 * trees and snapshots on a {@link Storage}. Obtain one from {@link Repositories}.
 *
 * <p><b>Write order is the safety model.</b> Blobs saved with {@link #saveBlob} go into packs that are uploaded in
 * the background; they become durable and indexed only by {@link #flush()}, which uploads every open pack and then
 * writes the index files that name them. Only after {@code flush()} may a snapshot that references those blobs be
 * saved. A crash at any point therefore leaves, at worst, packs that no index names, which {@code restic check}
 * reports as harmless and {@code prune} removes.
 *
 * <p>All methods are thread safe. {@link #saveBlob} does its compression and encryption in the calling thread, so
 * callers choose the parallelism of the CPU work; uploads run on virtual threads bounded by the storage's
 * {@link Storage#connections()} and by a cap on pending pack memory.
 */
public interface Repository extends AutoCloseable {

    /** Where the repository is, e.g. {@code local:/srv/backup}. */
    String location();

    /** The repository's ID from its config. */
    String id();

    /** The repository format version from its config: 2 for repositories Cairn creates, 1 for old restic ones. */
    int formatVersion();

    /** The polynomial for the content-defined chunker, as a lower-case hex string (restic's config field). */
    String chunkerPolynomial();

    /** The storage underneath, for tools that read raw files (check, cat). */
    Storage storage();

    // ---- blobs ----

    /** Whether the index (or a save in progress) has this blob. */
    boolean hasBlob(BlobType type, Id id);

    /** Where the index says the blob is, or {@code null}; blobs still in an unflushed pack are not listed. */
    PackedBlob lookup(BlobType type, Id id);

    /**
     * Stores a blob unless the repository already has it (deduplication).
     *
     * @param id the SHA-256 of {@code plaintext}, computed by the caller (it usually has it already)
     * @return the number of bytes this call added to the repository (encrypted, after compression); 0 when the
     *     blob was already there
     */
    long saveBlob(BlobType type, Id id, byte[] plaintext) throws IOException;

    /** Loads, decrypts, decompresses and verifies a blob. Corruption is a {@link RepositoryException.Corrupt}. */
    byte[] loadBlob(BlobType type, Id id) throws IOException;

    /**
     * Loads several blobs of one pack with ranged reads of at most {@link PackStream#WINDOW} bytes each (or one
     * larger blob), calling {@code each} with every verified plaintext in offset order. Corrupt blobs are reported
     * to {@code each} as failures, not thrown, so a restore can go on with the rest.
     */
    void loadBlobs(Id pack, List<PackedBlob> blobs, BlobReceiver each) throws IOException;

    /** Receives blobs from {@link #loadBlobs}. */
    interface BlobReceiver {
        void blob(PackedBlob blob, byte[] plaintext) throws IOException;

        void failed(PackedBlob blob, IOException cause) throws IOException;
    }

    /**
     * Uploads every open pack, waits for all uploads, then writes index files for them. After it returns, every
     * blob saved before the call is durable and listed in the index.
     */
    void flush() throws IOException;

    // ---- trees and snapshots ----

    Tree loadTree(Id id) throws IOException;

    /**
     * Calls {@code refs} with the subtree and content IDs of every node of a tree, as {@link #loadTree} would give
     * them. For walks that read every tree once and need nothing else (prune's mark phase): an implementation may
     * skip decoding the other fields and keep nothing cached.
     */
    default void forEachTreeReference(Id tree, TreeReferences refs) throws IOException {
        for (Node node : loadTree(tree).nodes()) {
            if (node.content() != null) {
                for (Id blob : node.content()) {
                    refs.content(blob);
                }
            }
            if (node.subtree() != null) {
                refs.subtree(node.subtree());
            }
        }
    }

    /** Receives the blobs a tree references, from {@link #forEachTreeReference}. */
    interface TreeReferences {
        void content(Id dataBlob);

        void subtree(Id tree);
    }

    /** Serializes the tree exactly as restic does and saves it as a tree blob; returns its ID. */
    Id saveTree(Tree tree) throws IOException;

    /** Saves a snapshot document. Call {@link #flush()} first: the snapshot must only name durable data. */
    Id saveSnapshot(Snapshot snapshot) throws IOException;

    Snapshot loadSnapshot(Id id) throws IOException;

    /** All snapshots, oldest first (by time, then ID). */
    List<SnapshotRef> listSnapshots() throws IOException;

    /** Removes a snapshot file (forget). */
    void removeSnapshot(Id id) throws IOException;

    // ---- index and packs, for check, stats and maintenance ----

    /** Calls {@code each} for every blob the loaded index knows. */
    void forEachIndexedBlob(Consumer<PackedBlob> each);

    /** The packs the index names, with the size each must have (blobs plus header). */
    java.util.Map<Id, Long> indexedPackSizes();

    /**
     * Parses a pack file's header from its full bytes. Fails with {@link RepositoryException.Corrupt} when the
     * header cannot be decrypted or parsed.
     */
    List<PackedBlob> readPackHeader(Id pack, byte[] packFile) throws IOException;

    /** Decrypts, decompresses and verifies one blob given the bytes of its whole pack. */
    byte[] decodeBlob(PackedBlob blob, byte[] packFile) throws IOException;

    /**
     * Decrypts, decompresses and verifies one blob whose sealed bytes are at {@code at} in {@code buf} (e.g. a
     * {@link PackStream} slice).
     */
    byte[] decodeBlob(PackedBlob blob, byte[] buf, int at) throws IOException;

    /** Problems found while loading the index files (e.g. a pack listed twice), for check. */
    List<String> indexProblems();

    /**
     * The decrypted, decompressed JSON of an index, snapshot or lock file (for {@code cat}); verifies that the
     * file's content matches its name.
     */
    byte[] loadJsonFile(dev.cairn.storage.FileType type, Id id) throws IOException;

    // ---- maintenance (prune), under the exclusive lock ----

    /**
     * A new, empty set of marks over the blobs of the loaded index, one bit per blob: prune marks what snapshots
     * use. Valid until {@link #rewriteIndex} changes the index.
     */
    BlobMarks newBlobMarks();

    /** Every blob the index lists for {@code pack}, in index order; empty when the index does not name the pack. */
    List<PackedBlob> packBlobs(Id pack);

    /** The index files the in-memory index was loaded from or this process has written, oldest first. */
    List<Id> indexFiles();

    /** Every pack file in the storage with its size in bytes: a listing, whatever the index says. */
    java.util.Map<Id, Long> listPackFiles() throws IOException;

    /**
     * Copies blobs of one pack into new packs (prune's repack). Each blob is read, decrypted and verified against
     * its ID first; a damaged one fails the call with {@link RepositoryException.Corrupt}. With {@code compress}
     * (format v2 only), blobs stored uncompressed are compressed on the way. New packs are uploaded in the
     * background and named by no index file until {@link #rewriteIndex}; until then a crash leaves them
     * unreferenced, which is harmless. Thread safe.
     *
     * @param blobs blobs of {@code pack} as the index lists them
     * @return the number of bytes read from {@code pack}
     */
    long copyBlobs(Id pack, List<PackedBlob> blobs, boolean compress) throws IOException;

    /**
     * Waits for the packs of {@link #copyBlobs}, then writes new index files naming every pack the in-memory index
     * knows except those in {@code drop}, and makes the in-memory index match them. Old index files are left
     * alone: the caller deletes the returned ones next, then the dropped packs — in that order, so that a crash at
     * any point leaves an index naming every pack still needed (restic's prune order).
     *
     * @return the index files the new ones supersede
     */
    List<Id> rewriteIndex(java.util.Set<Id> drop) throws IOException;

    /** Removes pack, index or snapshot files; files already gone are skipped. */
    void removeFiles(dev.cairn.storage.FileType type, java.util.Collection<Id> ids) throws IOException;

    // ---- locks ----

    /**
     * Takes a lock (non-exclusive for backup/restore/list, exclusive for check/prune), refreshed every 5 minutes
     * until closed. Conflicts raise {@link RepositoryException.Locked} naming the holder. Index files that other
     * processes wrote or replaced since the index was loaded are taken into account once the lock is held.
     */
    RepositoryLock lock(boolean exclusive) throws IOException;

    /** The lock files of all processes, for {@code unlock}: list them, remove stale ones or all. Taking no lock. */
    RepositoryLocks locks();

    // ---- maintenance ----

    /** The key files (passwords) of the repository: list, add, remove, change. */
    Keys keys();

    /** Index and pack repair; take the exclusive lock first. */
    Repair repair();

    @Override
    void close() throws IOException;
}
