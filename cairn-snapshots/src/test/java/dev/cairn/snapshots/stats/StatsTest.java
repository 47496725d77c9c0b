package dev.cairn.snapshots.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.testing.Fixture;
import dev.cairn.snapshots.testing.TestRepository;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    private final Repository repo = TestRepository.create();
    private final Fixture fx = new Fixture(repo);
    private final List<SnapshotRef> snapshots;

    StatsTest() throws Exception {
        Node hard1 = fx.file("h1", "hardlinked").toBuilder().inode(7).build();
        Node hard2 = fx.file("h2", "hardlinked").toBuilder().inode(7).build();
        fx.snapshot(Instant.ofEpochSecond(1), fx.tree(fx.dir("d", fx.file("a", "aaaa"), fx.file("b", "aaaa")),
                hard1, hard2));
        fx.snapshot(Instant.ofEpochSecond(2), fx.tree(fx.dir("d", fx.file("a", "aaaa"), fx.file("b", "aaaa")),
                fx.file("c", "cc", "dd")));
        snapshots = repo.listSnapshots();
    }

    @Test
    void restoreSizeCountsEveryNodeAndHardLinksOnce() throws Exception {
        StatsResult r = new Stats(repo).compute(StatsMode.RESTORE_SIZE, snapshots);
        // snapshot 1: d, a, b, h1, h2 = 5 nodes, 4+4+10 bytes; snapshot 2: d, a, b, c = 4 nodes, 4+4+4 bytes
        assertThat(r.totalFileCount()).isEqualTo(9);
        assertThat(r.totalSize()).isEqualTo(18 + 12);
        assertThat(r.snapshotsCount()).isEqualTo(2);
    }

    @Test
    void rawDataCountsUniqueBlobsAtStoredSize() throws Exception {
        StatsResult r = new Stats(repo).compute(StatsMode.RAW_DATA, snapshots);
        // data: aaaa, hardlinked, cc, dd; trees: root1, root2, d (shared)
        assertThat(r.totalBlobCount()).isEqualTo(7);
        long stored = 0;
        java.util.List<Long> lengths = new java.util.ArrayList<>();
        repo.forEachIndexedBlob(b -> lengths.add((long) b.length()));
        for (long l : lengths) {
            stored += l;
        }
        assertThat(lengths).as("every blob of the repository is used by a snapshot").hasSize(7);
        assertThat(r.totalSize()).isEqualTo(stored);
        // tree JSON is stored compressed; the tiny data blobs are stored as they are (compression would grow them)
        assertThat(r.compressionRatio()).isGreaterThan(1.0);
    }

    @Test
    void filesByContentsAndBlobsPerFile() throws Exception {
        StatsResult byContents = new Stats(repo).compute(StatsMode.FILES_BY_CONTENTS, snapshots);
        // unique contents: "" (the dir node d, as restic), aaaa, hardlinked, cc+dd
        assertThat(byContents.totalFileCount()).isEqualTo(4);
        assertThat(byContents.totalSize()).isEqualTo(4 + 10 + 4);
        StatsResult perFile = new Stats(repo).compute(StatsMode.BLOBS_PER_FILE, snapshots);
        assertThat(perFile.totalFileCount()).isEqualTo(3);
        assertThat(perFile.totalBlobCount()).isEqualTo(4);
        assertThat(perFile.totalSize()).isEqualTo(4 + 10 + 4);
    }

    @Test
    void dedupSummaryRelatesRestoreAndStoredSizes() throws Exception {
        DedupSummary d = new Stats(repo).dedup(snapshots);
        StatsResult raw = new Stats(repo).compute(StatsMode.RAW_DATA, snapshots);
        assertThat(d.restoreSize()).isEqualTo(30);
        assertThat(d.storedSize()).isEqualTo(raw.totalSize());
        assertThat(d.uniquePlaintext()).isEqualTo(raw.totalUncompressedSize());
        assertThat(d.dedupRatio()).isEqualTo(30.0 / raw.totalUncompressedSize());
        assertThat(d.spaceSavingRatio()).isEqualTo(30.0 / raw.totalSize());
    }

    @Test
    void modesParseFromResticFlags() {
        assertThat(StatsMode.parse("raw-data")).isEqualTo(StatsMode.RAW_DATA);
        assertThatThrownBy(() -> StatsMode.parse("bogus")).hasMessageContaining("unknown counting mode");
    }
}
