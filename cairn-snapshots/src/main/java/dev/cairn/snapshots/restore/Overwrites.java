package dev.cairn.snapshots.restore;

import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.snapshots.fs.FileStat;
import dev.cairn.snapshots.fs.RawPaths;
import dev.cairn.snapshots.restore.Entry.Action;
import dev.cairn.snapshots.restore.RestoreOptions.Overwrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** Decides, from what is already at a target path, what the restore does there (restic 0.17's --overwrite). */
final class Overwrites {

    private final Overwrite mode;
    private final ContentCheck content;

    Overwrites(Overwrite mode, ContentCheck content) {
        this.mode = mode;
        this.content = content;
    }

    /** {@code lstat}, or null when nothing is there. */
    static FileStat lstat(Path p) throws IOException {
        try {
            return FileStat.lstat(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The action for a non-directory node at {@code p}, or null when the entry cannot be restored because a
     * directory is in the way (removing a whole directory tree is left to the user).
     */
    Action decide(Node node, Path p, FileStat existing) throws IOException {
        if (existing == null) {
            return Action.CREATE;
        }
        if (existing.isDir()) {
            return null;
        }
        return switch (mode) {
            case ALWAYS -> Action.REPLACE;
            case NEVER -> Action.SKIP;
            case IF_NEWER -> existing.mtime().isBefore(node.mtime()) ? Action.REPLACE : Action.SKIP;
            case IF_CHANGED -> unchanged(node, p, existing) ? Action.UP_TO_DATE : Action.REPLACE;
        };
    }

    private boolean unchanged(Node node, Path p, FileStat existing) throws IOException {
        if (existing.nodeType() != node.type()) {
            return false;
        }
        return switch (node.type()) {
            case FILE -> existing.size() == node.size()
                    && (existing.mtime().equals(node.mtime()) || content.matches(p, node));
            case SYMLINK -> node.linkTarget() != null
                    && Arrays.equals(RawPaths.bytes(Files.readSymbolicLink(p)), node.linkTarget().bytes());
            case DEV, CHARDEV -> existing.rdev() == node.device();
            default -> node.type() == NodeType.FIFO;
        };
    }
}
