package dev.cairn.snapshots.restore;

import dev.cairn.repository.NodeType;
import dev.cairn.snapshots.fs.FileStat;
import dev.cairn.snapshots.fs.RawPaths;
import dev.cairn.snapshots.fs.SpecialFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.channels.FileChannel;

/**
 * The changes a restore makes in the target, each without following symlinks: what is replaced is removed first
 * (a symlink is removed, not its target) and new entries are created exclusively. Parents are always directories
 * this restore has checked with {@code lstat} or created itself.
 */
final class TargetOps {

    private TargetOps() {
    }

    /** Creates (or checks) a directory of the plan; failures here mean the target is unusable. */
    static void makeDir(Entry e) throws IOException {
        try {
            if (e.action() == Entry.Action.REPLACE) {
                Files.deleteIfExists(e.path());
            }
            if (e.action() == Entry.Action.CREATE || e.action() == Entry.Action.REPLACE) {
                Files.createDirectory(e.path());
            }
            FileStat st = Overwrites.lstat(e.path());
            if (st == null || !st.isDir()) {
                throw new IOException("'" + e.path() + "' is not a directory after creating it (did something"
                        + " else change the target during the restore?)");
            }
        } catch (IOException ex) {
            throw new IOException("cannot create directory '" + e.path() + "' for " + e.location() + ": "
                    + describe(ex) + "; check that the target is a writable directory", ex);
        }
    }

    /** Creates an empty regular file. */
    static void makeEmptyFile(Entry e) throws IOException {
        removeIfReplacing(e);
        FileChannel.open(e.path(), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS).close();
    }

    /** Creates a symlink with the raw target bytes, a fifo or a device node. */
    static void makeOther(Entry e) throws IOException {
        removeIfReplacing(e);
        if (e.node().type() == NodeType.SYMLINK) {
            if (e.node().linkTarget() == null) {
                throw new IOException("the snapshot has no target for this symlink");
            }
            Files.createSymbolicLink(e.path(), RawPaths.fromBytes(e.path(), e.node().linkTarget().bytes()));
        } else {
            SpecialFiles.create(e.path(), e.node());
        }
    }

    static void makeHardlink(Entry e) throws IOException {
        removeIfReplacing(e);
        Files.createLink(e.path(), e.linkTo());
    }

    private static void removeIfReplacing(Entry e) throws IOException {
        if (e.action() == Entry.Action.REPLACE) {
            Files.deleteIfExists(e.path());
        }
    }

    /** Removes {@code p} and, for a directory, everything in it; symlinks are removed, never followed. */
    static void removeTree(Path p) throws IOException {
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                ? fse.getReason() : e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : " (" + reason + ")");
    }
}
