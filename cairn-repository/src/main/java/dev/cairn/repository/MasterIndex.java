package dev.cairn.repository;

import dev.cairn.repository.codec.IndexPack;
import dev.cairn.repository.codec.PackHeaderCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every blob the repository knows: those in the loaded index files and those uploaded by this process but not yet
 * written to an index file ("unindexed"). Compact: no Java object per blob or per pack (see {@link IdTable}); about
 * 60 bytes per blob, so ten million blobs take ~600 MB. Lookups are lock-free; changes are synchronized.
 *
 * <p>Blob entry words: ID (4), {@code type << 63 | pack << 32 | offset}, {@code length << 32 | uncompressedLength}.
 * Pack entry words: ID (4), {@code firstBlobEntry << 32 | blobCount}, index file number (-1: not in an index file).
 * A pack's blobs are added together, so they are one contiguous run of blob entries. Every copy of a blob that
 * several packs hold is stored (prune needs them all); the first one added is the one lookups find.
 */
final class MasterIndex {

    private static final long TYPE_BIT = 1L << 63;
    private static final long U32 = 0xffff_ffffL;

    private final IdTable blobs = new IdTable(6, TYPE_BIT);
    private final IdTable packs = new IdTable(6, 0);
    /** Index files whose packs this index holds, by number; packs name theirs by number. */
    private final List<Id> indexFiles = new ArrayList<>();
    /** Packs uploaded by this process that no index file names yet, in upload order (pack entry numbers). */
    private final List<Integer> unindexed = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** Adds the contents of one index file. A pack already known is reported and not added twice. */
    synchronized void addIndexFile(Id indexFile, List<IndexPack> content) {
        int fileNumber = indexFiles.size();
        indexFiles.add(indexFile);
        for (IndexPack pack : content) {
            int known = packs.find(pack.packId(), 0);
            if (known >= 0) {
                int previous = (int) packs.word(known, 5);
                String where = previous < 0 ? "an unsaved index" : indexFiles.get(previous).shortHex();
                problems.add("pack " + pack.packId().shortHex() + " is listed in index files " + where + " and "
                        + indexFile.shortHex());
                continue;
            }
            addPack(pack.packId(), pack.blobs(), fileNumber);
        }
    }

    /** Records a pack this process just uploaded; its blobs are found at once and indexed by the next flush. */
    synchronized void addUploaded(Id pack, List<PackedBlob> packBlobs) {
        if (packs.find(pack, 0) >= 0) {
            return; // the same bytes uploaded again (same ID): nothing new
        }
        unindexed.add(addPack(pack, packBlobs, -1));
    }

    private int addPack(Id pack, List<PackedBlob> packBlobs, int fileNumber) {
        for (PackedBlob b : packBlobs) {
            if (b.offset() > U32) {
                throw new IllegalArgumentException("pack " + pack + ": blob " + b.id() + " at offset " + b.offset()
                        + " lies beyond 4 GiB; no restic pack is that large (damaged index?)");
            }
        }
        int first = blobs.size();
        long[] w = new long[6];
        // The pack entry goes first: a lock-free reader that finds one of its blobs must be able to name the pack.
        words(pack, w);
        w[4] = (long) first << 32 | packBlobs.size();
        w[5] = fileNumber;
        int packNumber = packs.append(w, true);
        for (PackedBlob b : packBlobs) {
            words(b.id(), w);
            w[4] = (b.type() == BlobType.TREE ? TYPE_BIT : 0) | (long) packNumber << 32 | b.offset();
            w[5] = (long) b.length() << 32 | b.uncompressedLength();
            blobs.append(w, blobs.find(b.id(), w[4] & TYPE_BIT) < 0);
        }
        return packNumber;
    }

    private static void words(Id id, long[] w) {
        for (int i = 0; i < 4; i++) {
            w[i] = id.word(i);
        }
    }

    /** Takes the packs that still need an index file. */
    synchronized List<IndexPack> drainUnindexed() {
        List<IndexPack> out = new ArrayList<>(unindexed.size());
        for (int p : unindexed) {
            out.add(new IndexPack(packs.id(p), blobsOf(p)));
        }
        unindexed.clear();
        return out;
    }

    /** Records that {@code indexFile} now names {@code written}'s packs (for later maintenance). */
    synchronized void indexWritten(Id indexFile, List<Id> packIds) {
        int fileNumber = indexFiles.size();
        indexFiles.add(indexFile);
        for (Id pack : packIds) {
            int p = packs.find(pack, 0);
            if (p >= 0) {
                packs.setWord(p, 5, fileNumber);
            }
        }
    }

    PackedBlob lookup(BlobType type, Id id) {
        int e = blobs.find(id, type == BlobType.TREE ? TYPE_BIT : 0);
        return e < 0 ? null : blob(e, id);
    }

    boolean has(BlobType type, Id id) {
        return blobs.find(id, type == BlobType.TREE ? TYPE_BIT : 0) >= 0;
    }

    /** The entry number lookups find for this blob, or -1: a dense key for bit sets over the index. */
    int entry(BlobType type, Id id) {
        return blobs.find(id, type == BlobType.TREE ? TYPE_BIT : 0);
    }

    /** Every stored blob entry, duplicates included (each copy with its own pack). */
    void forEach(Consumer<PackedBlob> each) {
        int n = blobs.size();
        for (int e = 0; e < n; e++) {
            each.accept(blob(e, blobs.id(e)));
        }
    }

    private PackedBlob blob(int e, Id id) {
        long w4 = blobs.word(e, 4);
        long w5 = blobs.word(e, 5);
        BlobType type = (w4 & TYPE_BIT) != 0 ? BlobType.TREE : BlobType.DATA;
        int packNumber = (int) ((w4 & ~TYPE_BIT) >>> 32);
        return new PackedBlob(id, type, packs.id(packNumber), w4 & U32, (int) (w5 >>> 32), (int) (w5 & U32));
    }

    /** The blobs a pack holds as the index says, in index order; empty when the pack is unknown. */
    List<PackedBlob> packBlobs(Id pack) {
        int p = packs.find(pack, 0);
        return p < 0 ? List.of() : blobsOf(p);
    }

    private List<PackedBlob> blobsOf(int p) {
        long w4 = packs.word(p, 4);
        int first = (int) (w4 >>> 32);
        int count = (int) (w4 & U32);
        List<PackedBlob> out = new ArrayList<>(count);
        for (int e = first; e < first + count; e++) {
            out.add(blob(e, blobs.id(e)));
        }
        return out;
    }

    Map<Id, Long> packSizes() {
        int n = packs.size();
        Map<Id, Long> sizes = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
        for (int p = 0; p < n; p++) {
            long w4 = packs.word(p, 4);
            int first = (int) (w4 >>> 32);
            int count = (int) (w4 & U32);
            long size = PackHeaderCodec.HEADER_OVERHEAD;
            for (int e = first; e < first + count; e++) {
                long w5 = blobs.word(e, 5);
                size += (w5 >>> 32) + ((w5 & U32) != 0 ? PackHeaderCodec.COMPRESSED_ENTRY_SIZE
                        : PackHeaderCodec.PLAIN_ENTRY_SIZE);
            }
            sizes.put(packs.id(p), size);
        }
        return sizes;
    }

    /** Calls {@code each} with every pack and its blobs except those in {@code skip}, in the order added. */
    void forEachPack(Set<Id> skip, Consumer<IndexPack> each) {
        int n = packs.size();
        for (int p = 0; p < n; p++) {
            Id id = packs.id(p);
            if (!skip.contains(id)) {
                each.accept(new IndexPack(id, blobsOf(p)));
            }
        }
    }

    /** The index files this index was loaded from or has written, oldest first. */
    synchronized List<Id> indexFiles() {
        return List.copyOf(indexFiles);
    }

    /**
     * Forgets the packs in {@code drop} and every index file, keeping the rest in place; afterwards the index
     * names no index file until {@link #indexWritten} records new ones. Must not run concurrently with lookups
     * (prune calls it under the exclusive lock once its own work is done).
     */
    synchronized void dropPacksAndIndexFiles(Set<Id> drop) {
        boolean[] dropped = new boolean[packs.size()];
        for (int p = 0; p < dropped.length; p++) {
            dropped[p] = drop.contains(packs.id(p));
        }
        int[] packNumber = packs.compact(p -> !dropped[p], w -> w[5] = -1);
        int[] runStart = new int[packs.size()];
        java.util.Arrays.fill(runStart, -1);
        blobs.compact(e -> !dropped[packOf(e)], w -> {
            int p = packNumber[(int) ((w[4] & ~TYPE_BIT) >>> 32)];
            w[4] = (w[4] & (TYPE_BIT | U32)) | (long) p << 32;
        });
        for (int e = blobs.size() - 1; e >= 0; e--) {
            runStart[packOf(e)] = e; // a pack's run is contiguous: the lowest entry seen last is its start
        }
        for (int p = 0; p < runStart.length; p++) {
            long count = packs.word(p, 4) & U32;
            packs.setWord(p, 4, (long) Math.max(0, runStart[p]) << 32 | count);
        }
        indexFiles.clear();
        unindexed.clear();
        problems.clear();
    }

    private int packOf(int e) {
        return (int) ((blobs.word(e, 4) & ~TYPE_BIT) >>> 32);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    int size() {
        return blobs.size();
    }

    int packCount() {
        return packs.size();
    }

    /** Bytes held by the index's arrays: what the compactness promise is about. */
    long retainedBytes() {
        return blobs.retainedBytes() + packs.retainedBytes();
    }
}
