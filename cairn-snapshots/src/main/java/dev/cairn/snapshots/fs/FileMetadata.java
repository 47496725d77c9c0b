package dev.cairn.snapshots.fs;

import dev.cairn.repository.ExtendedAttribute;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a file system entry into a restic 0.14 node, field by field as {@code restic.NodeFromFileInfo} and
 * {@code fillExtra} do (Linux only):
 * <ul>
 *   <li>{@code mode}: Go's {@code os.FileMode} of the lstat result (see {@link FileStat#goMode()});</li>
 *   <li>{@code mtime}, {@code ctime} with nanoseconds; {@code atime} = mtime unless {@code withAtime}, as the
 *       archiver does without {@code --with-atime};</li>
 *   <li>{@code uid}, {@code gid}, user and group names, {@code inode} and {@code device_id} (st_dev) for
 *       <em>every</em> type (0.14 drops none of them);</li>
 *   <li>{@code size} for files only; {@code links} (st_nlink) for files, symlinks, block and char devices, not for
 *       dirs, fifos or sockets; {@code linktarget} (raw bytes) for symlinks; {@code device} (st_rdev) for
 *       devices;</li>
 *   <li>extended attributes for everything but symlinks. <b>Limitation:</b> Java only exposes the {@code user.*}
 *       namespace, so {@code security.*}, {@code trusted.*} and {@code system.*} (ACLs) attributes that restic
 *       would store are missing. Names are stored in full ({@code user.foo}), as restic stores them. The JDK opens
 *       the file to list attributes, which would block on a fifo or touch a device, so attributes are read only
 *       for files and dirs.</li>
 * </ul>
 * {@code content} and {@code subtree} are left for the archiver.
 */
public final class FileMetadata {

    private FileMetadata() {
    }

    /** Reads {@code p} with {@code atime} = {@code mtime} (restic's default). */
    public static Node.Builder read(Path p, UserCache users) throws IOException {
        return read(p, FileStat.lstat(p), users, false);
    }

    /** Reads {@code p} from an lstat result already taken (e.g. for the exclude rules). */
    public static Node.Builder read(Path p, FileStat stat, UserCache users) throws IOException {
        return read(p, stat, users, false);
    }

    /**
     * Reads {@code p}.
     *
     * @param withAtime keep the real access time (restic's {@code --with-atime}); otherwise atime = mtime
     */
    public static Node.Builder read(Path p, FileStat stat, UserCache users, boolean withAtime) throws IOException {
        NodeType type = stat.nodeType();
        if (type == null) {
            throw new IOException("'" + p + "' has an unknown file type (st_mode "
                    + Integer.toOctalString(stat.stMode()) + "); exclude it from the backup");
        }
        Node.Builder b = Node.builder(RawPaths.fileName(p), type)
                .mode(stat.goMode())
                .mtime(stat.mtime())
                .atime(withAtime ? stat.atime() : stat.mtime())
                .ctime(stat.ctime())
                .uid(stat.uid())
                .gid(stat.gid())
                .user(emptyToNull(users.userName(stat.uid())))
                .group(emptyToNull(users.groupName(stat.gid())))
                .inode(stat.ino())
                .deviceId(stat.dev());
        switch (type) {
            case FILE -> b.size(stat.size()).links(stat.nlink());
            case SYMLINK -> b.links(stat.nlink()).linkTarget(readLink(p));
            case DEV, CHARDEV -> b.links(stat.nlink()).device(stat.rdev());
            default -> { }
        }
        if (type == NodeType.FILE || type == NodeType.DIR) {
            List<ExtendedAttribute> xattrs = Xattrs.read(p);
            b.extendedAttributes(xattrs.isEmpty() ? null : xattrs);
        }
        return b;
    }

    private static Name readLink(Path p) throws IOException {
        try {
            return Name.of(RawPaths.bytes(Files.readSymbolicLink(p)));
        } catch (IOException e) {
            throw new IOException("cannot read the target of symlink '" + p + "': " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
