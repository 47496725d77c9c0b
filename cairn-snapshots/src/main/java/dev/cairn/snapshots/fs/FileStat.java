package dev.cairn.snapshots.fs;

import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * The result of {@code lstat(2)} on one path: what restic 0.14 reads from {@code syscall.Stat_t}. Read once per
 * entry and shared by the exclude rules ({@link ExcludeRules#excluded(Path, FileStat)}) and the node reader
 * ({@link FileMetadata#read(Path, FileStat, UserCache)}).
 *
 * @param stMode POSIX {@code st_mode}: file type bits ({@code S_IFMT}) plus permissions
 * @param size   {@code st_size} (for a symlink: the length of its target)
 * @param dev    {@code st_dev}, the device holding the file
 * @param rdev   {@code st_rdev}, the device a block/char device node stands for
 */
public record FileStat(int stMode, long size, long dev, long ino, long nlink, long uid, long gid, long rdev,
                       Instant mtime, Instant atime, Instant ctime) {

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    /**
     * The attributes read: "unix:*" would also resolve "owner" and "group", a getpwuid and a getgrgid (NSS
     * lookups) per file, which dominated the walk of unchanged trees; names come from {@link UserCache} instead.
     */
    private static final String ATTRIBUTES =
            "unix:mode,size,dev,ino,nlink,uid,gid,rdev,lastModifiedTime,lastAccessTime,ctime";

    /** {@code lstat} of {@code p} (symlinks are not followed). */
    public static FileStat lstat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStat(
                (Integer) a.get("mode"),
                (Long) a.get("size"),
                (Long) a.get("dev"),
                (Long) a.get("ino"),
                ((Number) a.get("nlink")).longValue(),
                Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")),
                (Long) a.get("rdev"),
                ((FileTime) a.get("lastModifiedTime")).toInstant(),
                ((FileTime) a.get("lastAccessTime")).toInstant(),
                ((FileTime) a.get("ctime")).toInstant());
    }

    public boolean isDir() {
        return (stMode & S_IFMT) == S_IFDIR;
    }

    /** The restic node type, or {@code null} for a file type restic 0.14 does not know. */
    public NodeType nodeType() {
        return switch (stMode & S_IFMT) {
            case S_IFREG -> NodeType.FILE;
            case S_IFDIR -> NodeType.DIR;
            case S_IFLNK -> NodeType.SYMLINK;
            case S_IFBLK -> NodeType.DEV;
            case S_IFCHR -> NodeType.CHARDEV;
            case S_IFIFO -> NodeType.FIFO;
            case S_IFSOCK -> NodeType.SOCKET;
            default -> null;
        };
    }

    /**
     * {@code st_mode} as Go's {@code os.FileMode} (what {@code os.Lstat} computes in {@code fillFileStatFromSys}),
     * masked like restic's {@code NodeFromFileInfo}: permissions, type bits, setuid, setgid, sticky.
     */
    public long goMode() {
        long m = stMode & 0777;
        m |= switch (stMode & S_IFMT) {
            case S_IFBLK -> Node.MODE_DEVICE;
            case S_IFCHR -> Node.MODE_DEVICE | Node.MODE_CHAR_DEVICE;
            case S_IFDIR -> Node.MODE_DIR;
            case S_IFIFO -> Node.MODE_NAMED_PIPE;
            case S_IFLNK -> Node.MODE_SYMLINK;
            case S_IFSOCK -> Node.MODE_SOCKET;
            default -> 0L;
        };
        if ((stMode & 02000) != 0) m |= Node.MODE_SETGID;
        if ((stMode & 04000) != 0) m |= Node.MODE_SETUID;
        if ((stMode & 01000) != 0) m |= Node.MODE_STICKY;
        return m;
    }
}
