package dev.cairn.snapshots.browse;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Depth-first, name-ordered walk of a snapshot's tree, yielding every node with its slash-separated path from the
 * snapshot root ({@code /home/me/file}). Trees are loaded one at a time, so memory is bounded by the depth.
 */
public final class TreeWalker {

    /** What the walk does after a directory node was visited. */
    public enum Action { CONTINUE, SKIP_CHILDREN }

    /** Called for each node; the return value matters only for directories. */
    @FunctionalInterface
    public interface Visitor {
        Action visit(String path, Node node) throws IOException;
    }

    private final Repository repo;

    public TreeWalker(Repository repo) {
        this.repo = Objects.requireNonNull(repo, "repo");
    }

    /** Visits every node below {@code root}. */
    public void walk(Id root, Visitor visitor) throws IOException {
        walkTree(root, "/", visitor);
    }

    /**
     * Visits only the nodes at or below {@code prefix} (e.g. {@code /home/me}: the node {@code /home/me} itself and
     * everything below it), descending only along the way there.
     */
    public void walk(Id root, String prefix, Visitor visitor) throws IOException {
        walk(root, (path, node) -> {
            if (SnapshotPaths.within(prefix, path)) {
                return visitor.visit(path, node);
            }
            return SnapshotPaths.within(path, prefix) ? Action.CONTINUE : Action.SKIP_CHILDREN;
        });
    }

    /**
     * restic 0.14's {@code ls}: with no {@code dirs} every node (recursively); otherwise each named directory node,
     * its entries, and, only when {@code recursive}, everything further down.
     */
    public void ls(Id root, List<String> dirs, boolean recursive, Visitor visitor) throws IOException {
        walk(root, (path, node) -> {
            boolean within = dirs.isEmpty() || dirs.stream().anyMatch(d -> SnapshotPaths.within(d, path));
            if (within) {
                visitor.visit(path, node);
                if (recursive) {
                    return Action.CONTINUE;
                }
            }
            boolean approaching = dirs.isEmpty() || dirs.stream().anyMatch(d -> SnapshotPaths.within(path, d));
            return approaching ? Action.CONTINUE : Action.SKIP_CHILDREN;
        });
    }

    /**
     * The node at {@code path} (e.g. {@code /etc/hosts}), or {@code null} if the snapshot has none; {@code "/"} has
     * no node and yields {@code null} too (use the snapshot's tree).
     */
    public Node find(Id root, String path) throws IOException {
        Id tree = root;
        Node node = null;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (tree == null) {
                return null;
            }
            node = repo.loadTree(tree).find(Name.of(part));
            if (node == null) {
                return null;
            }
            tree = node.isDir() ? node.subtree() : null;
        }
        return node;
    }

    private void walkTree(Id id, String dir, Visitor visitor) throws IOException {
        Tree tree = repo.loadTree(id);
        for (Node node : tree.nodes()) {
            String path = SnapshotPaths.join(dir, node.name().toString());
            Action action = visitor.visit(path, node);
            if (node.isDir() && action == Action.CONTINUE) {
                if (node.subtree() == null) {
                    throw new RepositoryException.Corrupt("tree " + id.hex() + ": directory " + path
                            + " has no subtree; run check");
                }
                walkTree(node.subtree(), path, visitor);
            }
        }
    }
}
