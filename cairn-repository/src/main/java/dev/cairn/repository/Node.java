package dev.cairn.repository;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a tree, with restic 0.14's fields in restic's JSON order. Numbers are unsigned in restic (uint32
 * or uint64) and kept in {@code long}s here. {@code mode} holds Go's {@code os.FileMode} bits (type bits high:
 * dir = 1<<31, symlink = 1<<27, ...), not POSIX st_mode. Optional fields are {@code null} (objects) or 0 (numbers)
 * when absent, which is how restic's {@code omitempty} reads them back.
 *
 * @param content the data blob IDs of a file, in order ({@code []} for an empty file); {@code null} for others
 * @param subtree the tree blob ID of a directory; {@code null} for others
 */
public record Node(
        Name name,
        NodeType type,
        long mode,
        Instant mtime,
        Instant atime,
        Instant ctime,
        long uid,
        long gid,
        String user,
        String group,
        long inode,
        long deviceId,
        long size,
        long links,
        Name linkTarget,
        List<ExtendedAttribute> extendedAttributes,
        long device,
        List<Id> content,
        Id subtree,
        String error) {

    /** Go's {@code os.FileMode} type and special bits, as restic stores them in {@code mode}. */
    public static final long MODE_DIR = 1L << 31;
    public static final long MODE_SYMLINK = 1L << 27;
    public static final long MODE_DEVICE = 1L << 26;
    public static final long MODE_NAMED_PIPE = 1L << 25;
    public static final long MODE_SOCKET = 1L << 24;
    public static final long MODE_SETUID = 1L << 23;
    public static final long MODE_SETGID = 1L << 22;
    public static final long MODE_CHAR_DEVICE = 1L << 21;
    public static final long MODE_STICKY = 1L << 20;
    public static final long MODE_PERM = 0777;

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(atime, "atime");
        Objects.requireNonNull(ctime, "ctime");
        if (name.length() == 0) {
            throw new IllegalArgumentException("a node needs a name");
        }
        extendedAttributes = extendedAttributes == null ? null : List.copyOf(extendedAttributes);
        content = content == null ? null : List.copyOf(content);
    }

    /** The POSIX permission bits plus setuid/setgid/sticky as st_mode would hold them (e.g. 04755). */
    public int posixMode() {
        int m = (int) (mode & MODE_PERM);
        if ((mode & MODE_SETUID) != 0) m |= 04000;
        if ((mode & MODE_SETGID) != 0) m |= 02000;
        if ((mode & MODE_STICKY) != 0) m |= 01000;
        return m;
    }

    public boolean isDir() {
        return type == NodeType.DIR;
    }

    public boolean isFile() {
        return type == NodeType.FILE;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(Name name, NodeType type) {
        return new Builder(name, type);
    }

    /** Builds nodes field by field; unset times are the Unix epoch. */
    public static final class Builder {
        private Name name;
        private NodeType type;
        private long mode;
        private Instant mtime = Instant.EPOCH;
        private Instant atime = Instant.EPOCH;
        private Instant ctime = Instant.EPOCH;
        private long uid;
        private long gid;
        private String user;
        private String group;
        private long inode;
        private long deviceId;
        private long size;
        private long links;
        private Name linkTarget;
        private List<ExtendedAttribute> extendedAttributes;
        private long device;
        private List<Id> content;
        private Id subtree;
        private String error;

        private Builder(Name name, NodeType type) {
            this.name = name;
            this.type = type;
        }

        private Builder(Node n) {
            this(n.name, n.type);
            mode = n.mode;
            mtime = n.mtime;
            atime = n.atime;
            ctime = n.ctime;
            uid = n.uid;
            gid = n.gid;
            user = n.user;
            group = n.group;
            inode = n.inode;
            deviceId = n.deviceId;
            size = n.size;
            links = n.links;
            linkTarget = n.linkTarget;
            extendedAttributes = n.extendedAttributes;
            device = n.device;
            content = n.content;
            subtree = n.subtree;
            error = n.error;
        }

        public Builder name(Name v) { name = v; return this; }
        public Builder type(NodeType v) { type = v; return this; }
        public Builder mode(long v) { mode = v; return this; }
        public Builder mtime(Instant v) { mtime = v; return this; }
        public Builder atime(Instant v) { atime = v; return this; }
        public Builder ctime(Instant v) { ctime = v; return this; }
        public Builder uid(long v) { uid = v; return this; }
        public Builder gid(long v) { gid = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder inode(long v) { inode = v; return this; }
        public Builder deviceId(long v) { deviceId = v; return this; }
        public Builder size(long v) { size = v; return this; }
        public Builder links(long v) { links = v; return this; }
        public Builder linkTarget(Name v) { linkTarget = v; return this; }
        public Builder extendedAttributes(List<ExtendedAttribute> v) { extendedAttributes = v; return this; }
        public Builder device(long v) { device = v; return this; }
        public Builder content(List<Id> v) { content = v; return this; }
        public Builder subtree(Id v) { subtree = v; return this; }
        public Builder error(String v) { error = v; return this; }

        public Node build() {
            return new Node(name, type, mode, mtime, atime, ctime, uid, gid, user, group, inode, deviceId, size,
                    links, linkTarget, extendedAttributes, device, content, subtree, error);
        }
    }
}
