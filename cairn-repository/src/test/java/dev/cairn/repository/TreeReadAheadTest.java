package dev.cairn.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.FileType;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.CountingStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TreeReadAheadTest {

    /** Walking many small trees stored in one pack costs one read, not one per tree. */
    @Test
    void walkingTreesOfOnePackReadsThePackOnce() throws Exception {
        CountingStorage storage = new CountingStorage(Storages.inMemory());
        List<Id> ids = new ArrayList<>();
        List<Tree> trees = new ArrayList<>();
        try (Repository repo = RepositoryTest.newRepo(storage)) {
            for (int i = 0; i < 300; i++) {
                Tree tree = new Tree(List.of(Node.builder(Name.of("dir-" + i), NodeType.DIR).build()));
                trees.add(tree);
                ids.add(repo.saveTree(tree));
            }
            repo.flush();
        }
        try (Repository repo = Repositories.open(storage, RepositoryTest.PASSWORD, RepositoryOptions.defaults())) {
            storage.reset();
            for (int i = ids.size() - 1; i >= 0; i--) {
                assertThat(repo.loadTree(ids.get(i))).isEqualTo(trees.get(i));
            }
            assertThat(storage.count("open", FileType.PACK)).as(storage.counts().toString()).isEqualTo(1);
        }
    }

    @Test
    void readsOnlyTreesWithinTheWindowAndKeepsNoMoreThanTheBudget() throws Exception {
        Id pack = id(0);
        List<PackedBlob> blobs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            blobs.add(new PackedBlob(id(i + 1), BlobType.TREE, pack, i * 100L, 100, 0));
        }
        AtomicInteger reads = new AtomicInteger();
        List<long[]> ranges = new ArrayList<>();
        TreeReadAhead.RangeLoader loader = (start, length) -> {
            reads.incrementAndGet();
            ranges.add(new long[] {start, length});
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) ((start + i) / 100);
            }
            return bytes;
        };
        // A 1000-byte window around blob 50 (offset 5000): blobs 45..55 at most, and the budget keeps 300 bytes.
        TreeReadAhead readAhead = new TreeReadAhead(1000, 300);
        TreeReadAhead.Slice first = readAhead.slice(blobs.get(50), blobs, loader);
        assertThat(first.bytes()[first.offset()]).isEqualTo((byte) 50);
        assertThat(ranges.getFirst()[0]).isGreaterThanOrEqualTo(4500);
        assertThat(ranges.getFirst()[0] + ranges.getFirst()[1]).isLessThanOrEqualTo(5600);

        int before = reads.get();
        int served = 0;
        for (int i = 45; i <= 55; i++) {
            if (i == 50) {
                continue;
            }
            TreeReadAhead.Slice s = readAhead.slice(blobs.get(i), blobs, loader);
            assertThat(s.bytes()[s.offset()]).isEqualTo((byte) i);
            assertThat(s.bytes()[s.offset() + 99]).isEqualTo((byte) i);
            served++;
        }
        // Three of the fetched trees fit the budget; each of the others needed a read of its own.
        assertThat(reads.get() - before).isLessThanOrEqualTo(served - 3);
        assertThat(reads.get() - before).isGreaterThan(0);
    }

    @Test
    void aTreeTheIndexNowPutsElsewhereIsReadAgain() throws IOException {
        Id pack = id(0);
        PackedBlob a = new PackedBlob(id(1), BlobType.TREE, pack, 0, 10, 0);
        PackedBlob b = new PackedBlob(id(2), BlobType.TREE, pack, 10, 10, 0);
        AtomicInteger reads = new AtomicInteger();
        TreeReadAhead.RangeLoader loader = (start, length) -> {
            reads.incrementAndGet();
            return new byte[length];
        };
        TreeReadAhead readAhead = new TreeReadAhead(1 << 20, 1 << 20);
        readAhead.slice(a, List.of(a, b), loader);
        PackedBlob moved = new PackedBlob(id(2), BlobType.TREE, id(9), 0, 10, 0);
        readAhead.slice(moved, List.of(moved), loader);
        assertThat(reads.get()).as("b was kept from the old pack, but the index moved it").isEqualTo(2);
    }

    @Test
    void aDamagedNeighbourFallsBackToReadingJustTheWantedTree() throws IOException {
        Id pack = id(0);
        List<PackedBlob> blobs = List.of(new PackedBlob(id(1), BlobType.TREE, pack, 0, 10, 0),
                new PackedBlob(id(2), BlobType.TREE, pack, 10, 10, 0));
        TreeReadAhead readAhead = new TreeReadAhead(1 << 20, 1 << 20);
        TreeReadAhead.Slice s = readAhead.slice(blobs.get(0), blobs, (start, length) -> {
            if (start + length > 10) {
                throw new IOException("pack is truncated");
            }
            return new byte[length];
        });
        assertThat(s.bytes()).hasSize(10);
    }

    private static Id id(int n) {
        return Id.hash(new byte[] {(byte) n, (byte) (n >> 8)});
    }
}
