package dev.cairn.repository;

import dev.cairn.repository.codec.IndexPack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Builds a master index of N synthetic blobs and reports its size: exactly (the arrays it holds) and as the heap
 * sees it after a GC. Run by {@code bench/index-memory.sh}; {@link MasterIndexTest} uses {@link #build}.
 */
public final class IndexBench {

    private IndexBench() {
    }

    /** Calls {@code each} with (blob ID, pack ID) for n blobs, {@code perPack} per pack, from {@code r}. */
    static void forEachSyntheticId(int n, int perPack, Random r, BiConsumer<Id, Id> each) {
        byte[] b = new byte[32];
        Id pack = null;
        for (int i = 0; i < n; i++) {
            if (i % perPack == 0) {
                r.nextBytes(b);
                pack = Id.of(b);
            }
            r.nextBytes(b);
            each.accept(Id.of(b), pack);
        }
    }

    /** An index of n data blobs (IDs as {@code forEachSyntheticId} with {@code new Random(seed)}) of ~1 MB, {@code perPack} per pack, added as index files of 50 000 blobs. */
    static MasterIndex build(int n, int perPack, long seed) {
        Random r = new Random(seed);
        MasterIndex index = new MasterIndex();
        List<IndexPack> file = new ArrayList<>();
        List<PackedBlob> pack = new ArrayList<>();
        Id[] current = new Id[1];
        long[] offset = new long[1];
        byte[] name = new byte[32];
        Random names = new Random(~seed);
        forEachSyntheticId(n, perPack, r, (id, packId) -> {
            if (current[0] != null && !packId.equals(current[0])) {
                file.add(new IndexPack(current[0], pack));
                pack.clear();
                offset[0] = 0;
                if (file.size() * perPack >= 50_000) {
                    names.nextBytes(name);
                    index.addIndexFile(Id.of(name), file);
                    file.clear();
                }
            }
            current[0] = packId;
            int length = 1 << 20;
            pack.add(new PackedBlob(id, BlobType.DATA, packId, offset[0], length, 0));
            offset[0] += length;
        });
        if (!pack.isEmpty()) {
            file.add(new IndexPack(current[0], pack));
        }
        names.nextBytes(name);
        index.addIndexFile(Id.of(name), file);
        return index;
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int perPack = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        long seed = 42;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        MasterIndex index = build(n, perPack, seed);
        long t1 = System.nanoTime();
        int[] found = new int[1];
        forEachSyntheticId(n, perPack, new Random(seed), (id, pack) -> {
            if (index.has(BlobType.DATA, id)) {
                found[0]++;
            }
        });
        long t2 = System.nanoTime();
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        long exact = index.retainedBytes();
        System.out.printf(Locale.ROOT, "blobs: %,d in %,d packs (%d per pack), found %,d%n", index.size(),
                index.packCount(), perPack, found[0]);
        System.out.printf(Locale.ROOT, "index arrays: %,d bytes = %.1f bytes/blob%n", exact, (double) exact / n);
        System.out.printf(Locale.ROOT, "heap growth after GC: %,d bytes = %.1f bytes/blob%n",
                heapAfter - heapBefore, (double) (heapAfter - heapBefore) / n);
        System.out.printf(Locale.ROOT, "build: %.2f s (%.0f ns/blob), lookups: %.2f s (%.0f ns/lookup)%n",
                (t1 - t0) / 1e9, (double) (t1 - t0) / n, (t2 - t1) / 1e9, (double) (t2 - t1) / n);
    }
}
