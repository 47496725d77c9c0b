package dev.cairn.sources.testing;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import java.io.IOException;

/** Finding nodes in a snapshot's tree. */
public final class Trees {

    private Trees() {
    }

    /** The node at a slash-separated snapshot path, or {@code null}. */
    public static Node find(Repository repo, Id root, String path) throws IOException {
        Id tree = root;
        Node node = null;
        for (String part : path.substring(1).split("/")) {
            if (tree == null) {
                return null;
            }
            node = repo.loadTree(tree).find(Name.of(part));
            if (node == null) {
                return null;
            }
            tree = node.subtree();
        }
        return node;
    }
}
