package dev.cairn.snapshots.dump;

import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Warnings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Walks trees depth first in name order and hands files, directories and symlinks to an {@link ArchiveSink}. */
final class TreeEntries {

    private record Inode(long device, long inode) {
    }

    private final Repository repo;
    private final ArchiveSink sink;
    private final Warnings warnings;
    private final Map<Inode, String> firstNames = new HashMap<>();

    TreeEntries(Repository repo, ArchiveSink sink, Warnings warnings) {
        this.repo = repo;
        this.sink = sink;
        this.warnings = warnings;
    }

    /** Names that would make an archive entry land outside the extraction directory are left out. */
    private boolean acceptable(String prefix, Node node) {
        byte[] b = node.name().bytes();
        boolean dots = (b.length == 1 && b[0] == '.') || (b.length == 2 && b[0] == '.' && b[1] == '.');
        for (byte c : b) {
            dots |= c == '/' || c == 0;
        }
        if (dots) {
            warnings.warn(prefix + node.name(), "name refused: it would leave its directory when extracted");
            return false;
        }
        if (!node.name().isValidUtf8()) {
            warnings.warn(prefix + node.name(), "name is not valid UTF-8; archived with U+FFFD replacements");
        }
        return true;
    }

    void walk(List<Node> nodes, String prefix) throws IOException {
        for (Node node : nodes) {
            if (!acceptable(prefix, node)) {
                continue;
            }
            String name = prefix + node.name();
            if (node.type() == NodeType.DIR) {
                sink.entry(name, node, null);
                if (node.subtree() != null) {
                    walk(repo.loadTree(node.subtree()).nodes(), name + "/");
                }
            } else if (node.type() == NodeType.FILE) {
                String first = null;
                if (node.links() > 1) {
                    first = firstNames.putIfAbsent(new Inode(node.deviceId(), node.inode()), name);
                }
                sink.entry(name, node, first);
            } else if (node.type() == NodeType.SYMLINK) {
                sink.entry(name, node, null);
            }
        }
    }
}
