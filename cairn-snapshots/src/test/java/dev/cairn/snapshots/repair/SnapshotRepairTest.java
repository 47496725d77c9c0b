package dev.cairn.snapshots.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.Tree;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.storage.Storages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRepairTest {

    private final List<String> report = new ArrayList<>();

    private static Repository repo() throws Exception {
        return Repositories.init(Storages.inMemory(), "pw".toCharArray(), RepositoryOptions.defaults(),
                new ScryptParams(16, 1, 1));
    }

    private static Id blob(Repository repo, String text) throws Exception {
        byte[] data = text.getBytes();
        Id id = Id.hash(data);
        repo.saveBlob(BlobType.DATA, id, data);
        return id;
    }

    private static Node file(String name, long size, Id... content) {
        return Node.builder(Name.of(name), NodeType.FILE).size(size).content(List.of(content)).build();
    }

    private static SnapshotRef snapshot(Repository repo, Id tree) throws Exception {
        repo.flush();
        Snapshot sn = new Snapshot(Instant.parse("2024-01-01T00:00:00Z"), null, tree, List.of("/src"), "host",
                "user", 0, 0, null, List.of("daily"), null, null, null);
        return new SnapshotRef(repo.saveSnapshot(sn), sn);
    }

    @Test
    void intactSnapshotsAreLeftAlone() throws Exception {
        try (Repository repo = repo()) {
            Id a = blob(repo, "aaa");
            SnapshotRef ref = snapshot(repo, repo.saveTree(new Tree(List.of(file("a", 3, a)))));
            SnapshotRepairResult r = new SnapshotRepair(repo).repair(List.of(ref), false, false, report::add);
            assertThat(r.changed()).isEmpty();
            assertThat(repo.listSnapshots()).hasSize(1);
        }
    }

    @Test
    void missingContentIsCutOutSizesFixedUnreadableDirsEmptiedIrregularNodesDropped() throws Exception {
        try (Repository repo = repo()) {
            Id a = blob(repo, "aaa");
            Id missing = Id.hash("never stored".getBytes());
            Node brokenDir = Node.builder(Name.of("gone"), NodeType.DIR).subtree(Id.hash("no tree".getBytes()))
                    .build();
            Tree root = new Tree(List.of(file("damaged", 15, a, missing), brokenDir,
                    Node.builder(Name.of("odd"), NodeType.IRREGULAR).build(), file("wrong-size", 99, a)));
            SnapshotRef ref = snapshot(repo, repo.saveTree(root));

            SnapshotRepairResult dry = new SnapshotRepair(repo).repair(List.of(ref), true, false, report::add);
            assertThat(dry.changed()).hasSize(1);
            assertThat(repo.listSnapshots()).as("a dry run writes nothing").hasSize(1);

            SnapshotRepairResult r = new SnapshotRepair(repo).repair(List.of(ref), false, false, report::add);
            assertThat(r.changed()).hasSize(1);
            Id repairedId = r.changed().get(0).replacement();
            Snapshot repaired = repo.loadSnapshot(repairedId);
            assertThat(repaired.original()).isEqualTo(ref.id());
            assertThat(repaired.tags()).containsExactly("daily", SnapshotRepair.TAG);
            Tree tree = repo.loadTree(repaired.tree());
            assertThat(tree.nodes()).extracting(n -> n.name().toString()).containsExactly("damaged", "gone",
                    "wrong-size");
            assertThat(tree.nodes().get(0).content()).containsExactly(a);
            assertThat(tree.nodes().get(0).size()).isEqualTo(3);
            assertThat(repo.loadTree(tree.nodes().get(1).subtree()).nodes()).isEmpty();
            assertThat(tree.nodes().get(2).size()).isEqualTo(3);
            assertThat(repo.listSnapshots()).as("the original is kept").hasSize(2);
            assertThat(report).anySatisfy(l -> assertThat(l).contains("\"/damaged\": removed missing content"))
                    .anySatisfy(l -> assertThat(l).contains("\"/gone\": not readable"))
                    .anySatisfy(l -> assertThat(l).contains("\"/wrong-size\": fixed incorrect size"))
                    .anySatisfy(l -> assertThat(l).contains("\"/odd\": removed node"));
        }
    }

    @Test
    void forgetReplacesTheOriginalAndAnUnreadableRootIsOnlyRemovedWithForget() throws Exception {
        try (Repository repo = repo()) {
            Id missing = Id.hash("never stored".getBytes());
            SnapshotRef damaged = snapshot(repo, repo.saveTree(new Tree(List.of(file("f", 1, missing)))));
            SnapshotRef rootless = snapshot(repo, Id.hash("no root".getBytes()));

            SnapshotRepairResult kept = new SnapshotRepair(repo).repair(List.of(rootless), false, false,
                    report::add);
            assertThat(kept.changed()).hasSize(1);
            assertThat(repo.listSnapshots()).hasSize(2);

            SnapshotRepairResult r = new SnapshotRepair(repo).repair(List.of(damaged, rootless), false, true,
                    report::add);
            assertThat(r.changed()).hasSize(2);
            List<SnapshotRef> left = repo.listSnapshots();
            assertThat(left).hasSize(1);
            assertThat(left.get(0).snapshot().original()).isEqualTo(damaged.id());
            assertThat(left.get(0).snapshot().tags()).containsExactly("daily");
        }
    }
}
