package dev.cairn.snapshots.restore;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/** Finds what a path inside a snapshot ({@code ""}, {@code "/"} or {@code "/srv/www"}) stands for. */
public final class SnapshotPaths {

    private SnapshotPaths() {
    }

    /**
     * The entries to restore or dump for {@code subpath}: the root tree's nodes for the root, a directory's
     * children for a directory, and the single node itself for anything else.
     *
     * @throws NoSuchFileException naming the first component that is missing or not a directory
     */
    public static List<Node> entries(Repository repo, Snapshot snapshot, String subpath) throws IOException {
        Node node = node(repo, snapshot, subpath);
        if (node == null) {
            return repo.loadTree(snapshot.tree()).nodes();
        }
        return node.isDir() ? repo.loadTree(node.subtree()).nodes() : List.of(node);
    }

    /** The node at {@code subpath}, or null for the snapshot's root. */
    public static Node node(Repository repo, Snapshot snapshot, String subpath) throws IOException {
        Tree tree = repo.loadTree(snapshot.tree());
        Node node = null;
        StringBuilder walked = new StringBuilder();
        for (String part : subpath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            walked.append('/').append(part);
            if (tree == null) {
                throw new NoSuchFileException(walked.toString(), null, "not a directory in the snapshot");
            }
            node = tree.find(Name.of(part));
            if (node == null) {
                throw new NoSuchFileException(walked.toString(), null, "no such path in snapshot (list it with ls)");
            }
            tree = node.isDir() && node.subtree() != null ? repo.loadTree(node.subtree()) : null;
        }
        return node;
    }
}
