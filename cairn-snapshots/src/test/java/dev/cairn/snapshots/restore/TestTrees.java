package dev.cairn.snapshots.restore;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds trees and snapshots by hand with the Repository API, for restore and dump tests. */
final class TestTrees {

    static final Instant T0 = Instant.parse("2021-03-04T05:06:07.123456789Z");

    private final Repository repo;
    private final int chunkSize;

    TestTrees(Repository repo, int chunkSize) {
        this.repo = repo;
        this.chunkSize = chunkSize;
    }

    Node file(String name, byte[] content) throws IOException {
        return file(Name.of(name), content, 0644, T0);
    }

    Node file(Name name, byte[] content, int perm, Instant mtime) throws IOException {
        List<Id> ids = new ArrayList<>();
        for (int off = 0; off < content.length; off += chunkSize) {
            byte[] chunk = Arrays.copyOfRange(content, off, Math.min(content.length, off + chunkSize));
            Id id = Id.hash(chunk);
            repo.saveBlob(BlobType.DATA, id, chunk);
            ids.add(id);
        }
        return Node.builder(name, NodeType.FILE).mode(goMode(perm)).mtime(mtime).atime(mtime).ctime(mtime)
                .size(content.length).links(1).content(ids).build();
    }

    Node hardlink(Node file, String name, long inode) {
        return file.toBuilder().name(Name.of(name)).inode(inode).deviceId(42).links(2).build();
    }

    Node dir(String name, Node... children) throws IOException {
        return dir(Name.of(name), 0755, children);
    }

    Node dir(Name name, int perm, Node... children) throws IOException {
        Id sub = repo.saveTree(Tree.ofUnsorted(List.of(children)));
        return Node.builder(name, NodeType.DIR).mode(Node.MODE_DIR | goMode(perm)).mtime(T0).atime(T0).ctime(T0)
                .subtree(sub).build();
    }

    /** POSIX permission bits (with setuid 04000, setgid 02000, sticky 01000) as Go's os.FileMode bits. */
    static long goMode(int perm) {
        long m = perm & 0777;
        if ((perm & 04000) != 0) m |= Node.MODE_SETUID;
        if ((perm & 02000) != 0) m |= Node.MODE_SETGID;
        if ((perm & 01000) != 0) m |= Node.MODE_STICKY;
        return m;
    }

    Node symlink(String name, String target) {
        return Node.builder(Name.of(name), NodeType.SYMLINK).mode(Node.MODE_SYMLINK | 0777).mtime(T0).atime(T0)
                .ctime(T0).linkTarget(Name.of(target)).build();
    }

    Node fifo(String name) {
        return Node.builder(Name.of(name), NodeType.FIFO).mode(Node.MODE_NAMED_PIPE | 0640).mtime(T0).atime(T0)
                .ctime(T0).build();
    }

    /** Flushes and saves a snapshot whose root tree holds {@code nodes}. */
    Snapshot snapshot(Node... nodes) throws IOException {
        Id root = repo.saveTree(Tree.ofUnsorted(List.of(nodes)));
        repo.flush();
        Snapshot s = new Snapshot(T0, null, root, List.of("/"), "host", "user", 0, 0, null, null, null, null, null);
        repo.saveSnapshot(s);
        return s;
    }
}
