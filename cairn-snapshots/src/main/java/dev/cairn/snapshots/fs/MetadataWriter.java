package dev.cairn.snapshots.fs;

import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a node's metadata onto an entry that already exists, as restic 0.14's {@code Node.restoreMetadata}:
 * <ol>
 *   <li>ownership with {@code lchown} (the link itself for symlinks). Like restic, {@code cp -a} and
 *       {@code rsync -a}, a permission error is ignored when not running as root;</li>
 *   <li>mode (permissions plus setuid, setgid and sticky), except for symlinks, whose mode Linux ignores;</li>
 *   <li>extended attributes ({@code user.*} only, see {@link FileMetadata}); others are reported as skipped;</li>
 *   <li>atime and mtime with nanoseconds, last, so nothing above disturbs them (restic sets xattrs after the times;
 *       xattrs do not touch mtime/atime, so the order is equivalent).</li>
 * </ol>
 * <b>Directories:</b> writing into a directory changes its mtime, so the restorer must call {@link #apply} on a
 * directory only after everything inside it has been created (restic does this when it leaves the directory).
 *
 * <p>Errors do not stop the restore: like restic, which warns and continues, {@link #apply} returns one warning
 * per failed step (naming the file and the step) and an empty list when everything was applied.
 */
public final class MetadataWriter {

    private final boolean root;

    /** @param root whether the process runs as root, i.e. whether a failed chown is worth a warning */
    public MetadataWriter(boolean root) {
        this.root = root;
    }

    /** A writer for this process, root or not according to {@code /proc/self/status}. */
    public static MetadataWriter forCurrentProcess() {
        return new MetadataWriter(ProcessIdentity.effectiveUid() == 0);
    }

    /** Applies ownership, mode, xattrs and times of {@code node} to {@code p}; returns the warnings. */
    public List<String> apply(Path p, Node node) {
        List<String> warnings = new ArrayList<>();
        step(warnings, p, "chown", () -> chown(p, node));
        if (node.type() != NodeType.SYMLINK) {
            // Following links is right here (symlinks are skipped): the JDK's no-follow chmod opens the file,
            // which would block on a fifo.
            step(warnings, p, "chmod", () -> Files.setAttribute(p, "unix:mode", node.posixMode()));
        }
        if (node.extendedAttributes() != null && node.type() != NodeType.SYMLINK) {
            step(warnings, p, "set extended attributes", () -> {
                List<String> skipped = Xattrs.write(p, node.extendedAttributes());
                if (!skipped.isEmpty()) {
                    warnings.add("'" + p + "': extended attributes " + skipped + " not restored: only user.*"
                            + " attributes on file systems that support them can be set from Java");
                }
            });
        }
        step(warnings, p, "set times", () -> setTimes(p, node.type(), node.mtime(), node.atime()));
        return List.copyOf(warnings);
    }

    private void chown(Path p, Node node) throws IOException {
        try {
            Files.setAttribute(p, "unix:uid", (int) node.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", (int) node.gid(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (root || !isPermissionError(e)) {
                throw e;
            }
            // not root: ownership cannot be restored, and restic stays silent about it too
        }
    }

    /**
     * Files, dirs and symlinks go through the JDK ({@code futimens}/{@code utimensat}, nanosecond precise). The
     * JDK opens the entry to do so, which would block on a fifo and wake a device driver, so fifos, devices and
     * sockets go through {@code touch -h}, which calls {@code utimensat} on the path. A non-root user without read
     * permission falls back to {@code touch} as well.
     */
    static void setTimes(Path p, NodeType type, Instant mtime, Instant atime) throws IOException {
        if (type == NodeType.FILE || type == NodeType.DIR || type == NodeType.SYMLINK) {
            try {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.from(mtime), FileTime.from(atime), null);
                return;
            } catch (AccessDeniedException e) {
                // fall through to touch, which does not need to open the file
            }
        }
        Programs.onExisting(p, path -> List.of("touch", "-h", "-c", "-m", "-d", touchDate(mtime), "--", path));
        Programs.onExisting(p, path -> List.of("touch", "-h", "-c", "-a", "-d", touchDate(atime), "--", path));
    }

    /** {@code @SECONDS.NANOS}, which GNU touch parses to the nanosecond (negative seconds included). */
    static String touchDate(Instant t) {
        long sec = t.getEpochSecond();
        int nano = t.getNano();
        if (sec < 0 && nano > 0) { // touch reads "@-1.25" as -(1.25), Instant stores -2 + 0.75
            return "@-" + (-(sec + 1)) + "." + String.format("%09d", 1_000_000_000 - nano);
        }
        return "@" + sec + "." + String.format("%09d", nano);
    }

    private static boolean isPermissionError(IOException e) {
        return e instanceof AccessDeniedException
                || (e instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().contains("Operation not permitted"));
    }

    private static void step(List<String> warnings, Path p, String what, IOStep step) {
        try {
            step.run();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            warnings.add("'" + p + "': " + what + " failed: " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface IOStep {
        void run() throws IOException;
    }
}
