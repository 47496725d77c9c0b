package dev.cairn.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.codec.IndexPack;
import dev.cairn.repository.codec.PackHeaderCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MasterIndexTest {

    private static Id randomId(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return Id.of(b);
    }

    /** A pack of {@code n} random blobs of one type, back to back, some compressed. */
    static IndexPack randomPack(Random r, BlobType type, int n) {
        Id pack = randomId(r);
        List<PackedBlob> blobs = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < n; i++) {
            int length = 32 + r.nextInt(1 << 20);
            blobs.add(new PackedBlob(randomId(r), type, pack, offset, length, r.nextBoolean() ? 0 : length * 2));
            offset += length;
        }
        return new IndexPack(pack, blobs);
    }

    @Test
    void findsEveryBlobWithItsLocationAndNothingElse() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        MasterIndex index = new MasterIndex();
        Map<List<Object>, PackedBlob> expected = new HashMap<>();
        for (int f = 0; f < 20; f++) {
            List<IndexPack> packs = new ArrayList<>();
            for (int p = 0; p < 1 + r.nextInt(20); p++) {
                IndexPack pack = randomPack(r, r.nextBoolean() ? BlobType.DATA : BlobType.TREE, 1 + r.nextInt(50));
                packs.add(pack);
                pack.blobs().forEach(b -> expected.put(List.of(b.type(), b.id()), b));
            }
            index.addIndexFile(randomId(r), packs);
        }
        assertThat(index.size()).as("seed %d", seed).isEqualTo(expected.size());
        for (PackedBlob b : expected.values()) {
            assertThat(index.lookup(b.type(), b.id())).as("seed %d", seed).isEqualTo(b);
            BlobType other = b.type() == BlobType.DATA ? BlobType.TREE : BlobType.DATA;
            assertThat(index.has(other, b.id())).as("seed %d", seed).isFalse();
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(index.has(BlobType.DATA, randomId(r))).isFalse();
        }
        List<PackedBlob> all = new ArrayList<>();
        index.forEach(all::add);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected.values());
    }

    @Test
    void keepsEveryCopyOfADuplicateButFindsTheFirst() {
        Random r = new Random(1);
        IndexPack a = randomPack(r, BlobType.DATA, 3);
        PackedBlob shared = a.blobs().get(1);
        Id packB = randomId(r);
        PackedBlob copy = new PackedBlob(shared.id(), BlobType.DATA, packB, 0, shared.length(), 0);
        PackedBlob sameIdAsTree = new PackedBlob(shared.id(), BlobType.TREE, packB, shared.length(), 100, 0);
        MasterIndex index = new MasterIndex();
        index.addIndexFile(randomId(r), List.of(a, new IndexPack(packB, List.of(copy, sameIdAsTree))));
        assertThat(index.lookup(BlobType.DATA, shared.id())).isEqualTo(shared);
        assertThat(index.lookup(BlobType.TREE, shared.id())).isEqualTo(sameIdAsTree);
        List<PackedBlob> all = new ArrayList<>();
        index.forEach(all::add);
        assertThat(all).hasSize(5).contains(shared, copy, sameIdAsTree);
        assertThat(index.packBlobs(packB)).containsExactly(copy, sameIdAsTree);
        assertThat(index.packSizes().get(packB)).isEqualTo(PackHeaderCodec.packSize(List.of(copy, sameIdAsTree)));

        // Dropping the first copy's pack makes the other copy the one lookups find.
        index.dropPacksAndIndexFiles(Set.of(a.packId()));
        assertThat(index.lookup(BlobType.DATA, shared.id())).isEqualTo(copy);
        assertThat(index.packBlobs(a.packId())).isEmpty();
        assertThat(index.indexFiles()).isEmpty();
    }

    @Test
    void aPackInTwoIndexFilesIsAProblemAndCountedOnce() {
        Random r = new Random(2);
        IndexPack p = randomPack(r, BlobType.DATA, 4);
        MasterIndex index = new MasterIndex();
        Id f1 = randomId(r);
        Id f2 = randomId(r);
        index.addIndexFile(f1, List.of(p));
        index.addIndexFile(f2, List.of(p));
        assertThat(index.size()).isEqualTo(4);
        assertThat(index.problems()).containsExactly("pack " + p.packId().shortHex() + " is listed in index files "
                + f1.shortHex() + " and " + f2.shortHex());
        assertThat(index.indexFiles()).containsExactly(f1, f2);
    }

    @Test
    void droppingPacksKeepsTheRestExactly() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        MasterIndex index = new MasterIndex();
        List<IndexPack> packs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            packs.add(randomPack(r, r.nextInt(4) == 0 ? BlobType.TREE : BlobType.DATA, 1 + r.nextInt(40)));
        }
        index.addIndexFile(randomId(r), packs.subList(0, 150));
        packs.subList(150, 300).forEach(p -> index.addUploaded(p.packId(), p.blobs()));
        assertThat(index.drainUnindexed()).containsExactlyElementsOf(packs.subList(150, 300));
        Set<Id> drop = new HashSet<>();
        packs.forEach(p -> {
            if (r.nextBoolean()) {
                drop.add(p.packId());
            }
        });
        Map<Id, Long> sizesBefore = index.packSizes();
        index.dropPacksAndIndexFiles(drop);
        List<IndexPack> kept = new ArrayList<>();
        index.forEachPack(Set.of(), kept::add);
        assertThat(kept).as("seed %d", seed)
                .containsExactlyElementsOf(packs.stream().filter(p -> !drop.contains(p.packId())).toList());
        for (IndexPack p : packs) {
            boolean gone = drop.contains(p.packId());
            for (PackedBlob b : p.blobs()) {
                assertThat(index.lookup(b.type(), b.id())).as("seed %d", seed).isEqualTo(gone ? null : b);
            }
            assertThat(index.packSizes().get(p.packId())).isEqualTo(gone ? null : sizesBefore.get(p.packId()));
        }
        // The index still grows normally afterwards.
        IndexPack later = randomPack(r, BlobType.DATA, 7);
        index.addUploaded(later.packId(), later.blobs());
        assertThat(index.lookup(BlobType.DATA, later.blobs().get(6).id())).isEqualTo(later.blobs().get(6));
    }

    @Test
    void lookupsRunWhileUploadsAreAdded() throws Exception {
        MasterIndex index = new MasterIndex();
        Random r = new Random(3);
        List<IndexPack> packs = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            packs.add(randomPack(r, BlobType.DATA, 10));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            Random rr = new Random(4);
            while (!done.get()) {
                IndexPack p = packs.get(rr.nextInt(packs.size()));
                PackedBlob b = p.blobs().get(rr.nextInt(10));
                PackedBlob found = index.lookup(BlobType.DATA, b.id());
                if (found != null && !found.equals(b)) {
                    wrong.set("found " + found + " for " + b);
                }
            }
        });
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int from = t * 1000;
            writers.add(Thread.ofPlatform().start(() -> packs.subList(from, from + 1000)
                    .forEach(p -> index.addUploaded(p.packId(), p.blobs()))));
        }
        for (Thread w : writers) {
            w.join();
        }
        done.set(true);
        reader.join();
        assertThat(wrong.get()).isNull();
        assertThat(index.size()).isEqualTo(40_000);
        for (IndexPack p : packs) {
            for (PackedBlob b : p.blobs()) {
                assertThat(index.lookup(BlobType.DATA, b.id())).isEqualTo(b);
            }
        }
    }

    @Test
    void aMillionBlobsTakeAtMost64BytesEach() {
        int n = 1_000_000;
        MasterIndex index = IndexBench.build(n, 16, 5);
        long bytes = index.retainedBytes();
        assertThat(index.size()).isEqualTo(n);
        assertThat((double) bytes / n).as("bytes per blob (%d bytes for %d blobs)", bytes, n).isLessThanOrEqualTo(64);
        // Every blob is also found, and marks for all of them take one bit each.
        IndexMarks marks = new IndexMarks(index);
        Random r = new Random(5);
        IndexBench.forEachSyntheticId(n, 16, r, (id, pack) -> marks.mark(BlobType.DATA, id));
        assertThat(marks.count()).isEqualTo(n);
    }
}
