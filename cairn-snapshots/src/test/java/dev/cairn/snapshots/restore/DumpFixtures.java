package dev.cairn.snapshots.restore;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import dev.cairn.snapshots.testing.TestRepository;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The restore tests' in-memory repository and tree builder, for the dump tests in another package. */
public final class DumpFixtures {

    public static final Instant T0 = TestTrees.T0;

    private final Repository repo = TestRepository.create();
    private final TestTrees t = new TestTrees(repo, 4096);

    public Repository repo() {
        return repo;
    }

    public Node file(String name, byte[] content, int perm) throws IOException {
        return t.file(Name.of(name), content, perm, T0).toBuilder().uid(1000).gid(100).user("alice")
                .group("users").build();
    }

    public Node hardlink(Node file, String name, long inode) {
        return t.hardlink(file, name, inode);
    }

    public Node dir(String name, Node... children) throws IOException {
        return t.dir(name, children);
    }

    public Node dir(String name, int perm, Node... children) throws IOException {
        return t.dir(Name.of(name), perm, children);
    }

    public Node symlink(String name, String target) {
        return t.symlink(name, target);
    }

    public Node fifo(String name) {
        return t.fifo(name);
    }

    public Snapshot snapshot(Node... nodes) throws IOException {
        return t.snapshot(nodes);
    }

    public Snapshot rawSnapshot(Node... nodes) throws IOException {
        var root = repo.saveTree(Tree.ofUnsorted(List.of(nodes)));
        repo.flush();
        return new Snapshot(T0, null, root, List.of("/"), "h", "u", 0, 0, null, null, null, null, null);
    }
}
