package dev.cairn.snapshots.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.testing.Fixture;
import dev.cairn.snapshots.testing.TestRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

    private final Repository repo = TestRepository.create();
    private final Fixture fx = new Fixture(repo);

    @Test
    void reportsAddedRemovedModifiedAndTypeChanges() throws Exception {
        Node same = fx.dir("same", fx.file("s", "shared"));
        Id from = fx.tree(same, fx.file("changed", "v1"), fx.file("gone", "bye"),
                fx.dir("olddir", fx.file("inner", "in")), fx.file("becomes-dir", "x"),
                fx.file("touched", "t"));
        Node touched = fx.file("touched", "t").toBuilder().mtime(Instant.ofEpochSecond(99)).build();
        Id to = fx.tree(same, fx.file("changed", "v2"), fx.dir("newdir", fx.file("n", "new"), fx.dir("deep")),
                fx.dir("becomes-dir"), touched);
        repo.flush();

        List<String> lines = new ArrayList<>();
        DiffStats stats = new SnapshotDiff(repo, Warnings.IGNORE).diff(from, to, false,
                c -> lines.add(c.toString()));
        assertThat(lines).containsExactly(
                "T    /becomes-dir/",
                "M    /changed",
                "-    /gone",
                "+    /newdir/",
                "+    /newdir/deep/",
                "+    /newdir/n",
                "-    /olddir/",
                "-    /olddir/inner");
        assertThat(stats.changedFiles()).isEqualTo(1);
        assertThat(stats.added()).extracting("files", "dirs", "others").containsExactly(1L, 2L, 0L);
        assertThat(stats.removed()).extracting("files", "dirs", "others").containsExactly(2L, 1L, 0L);
        // added data blobs: v2, new (deep and becomes-dir are empty trees: one shared tree blob)
        assertThat(stats.added().dataBlobs()).isEqualTo(2);
        assertThat(stats.added().bytes()).isGreaterThan(0);
        assertThat(stats.removed().dataBlobs()).isEqualTo(4); // v1, bye, in, x

        List<String> withMetadata = new ArrayList<>();
        new SnapshotDiff(repo, Warnings.IGNORE).diff(from, to, true, c -> withMetadata.add(c.toString()));
        assertThat(withMetadata).contains("U    /touched").doesNotContain("U    /same/");
    }

    @Test
    void blobsOfCommonSubtreesAreNeitherAddedNorRemoved() throws Exception {
        Node shared = fx.dir("shared", fx.file("big", "payload"));
        Id from = fx.tree(shared, fx.file("copy", "payload"));
        Id to = fx.tree(shared);
        repo.flush();
        DiffStats stats = new SnapshotDiff(repo, Warnings.IGNORE).diff(from, to, false, c -> { });
        assertThat(stats.removed().files()).isEqualTo(1);
        assertThat(stats.removed().dataBlobs()).isZero();
    }

    @Test
    void identicalSnapshotsHaveNoChanges() throws Exception {
        Id tree = fx.tree(fx.file("a", "a"), fx.symlink("l", "a"),
                Node.builder(Name.of("fifo"), NodeType.FIFO).build());
        repo.flush();
        List<DiffChange> changes = new ArrayList<>();
        DiffStats stats = new SnapshotDiff(repo, Warnings.IGNORE).diff(tree, tree, true, changes::add);
        assertThat(changes).isEmpty();
        assertThat(stats.added().bytes()).isZero();
    }
}
