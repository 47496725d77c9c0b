package dev.cairn.snapshots.dump;

import dev.cairn.repository.ExtendedAttribute;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A POSIX (PAX) tar, as restic's {@code dump} writes one: PAX records carry long and non-ASCII names, big numbers,
 * sub-second times and extended attributes ({@code SCHILY.xattr.*}); modes include setuid, setgid and sticky.
 */
final class TarSink implements ArchiveSink {

    private final TarArchiveOutputStream tar;
    private final BlobStream blobs;

    TarSink(OutputStream out, BlobStream blobs) {
        this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        this.blobs = blobs;
    }

    @Override
    public void entry(String name, Node node, String hardlinkOf) throws IOException {
        TarArchiveEntry e;
        if (hardlinkOf != null) {
            e = new TarArchiveEntry(name, TarConstants.LF_LINK);
            e.setLinkName(hardlinkOf);
        } else if (node.type() == NodeType.SYMLINK) {
            e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            e.setLinkName(node.linkTarget() == null ? "" : node.linkTarget().toString());
        } else if (node.type() == NodeType.DIR) {
            e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        } else {
            e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setSize(node.size());
        }
        e.setMode(node.posixMode() | typeBits(node.type()));
        e.setUserId(node.uid());
        e.setGroupId(node.gid());
        e.setUserName(node.user() == null ? "" : node.user());
        e.setGroupName(node.group() == null ? "" : node.group());
        e.setLastModifiedTime(FileTime.from(node.mtime()));
        e.setLastAccessTime(FileTime.from(node.atime()));
        e.setStatusChangeTime(FileTime.from(node.ctime()));
        if (node.extendedAttributes() != null) {
            for (ExtendedAttribute x : node.extendedAttributes()) {
                e.addPaxHeader("SCHILY.xattr." + x.name(), new String(x.value(), StandardCharsets.UTF_8));
            }
        }
        tar.putArchiveEntry(e);
        if (hardlinkOf == null && node.type() == NodeType.FILE) {
            blobs.write(node.content(), tar);
        }
        tar.closeArchiveEntry();
    }

    private static int typeBits(NodeType type) {
        return switch (type) {
            case DIR -> 040000;
            case SYMLINK -> 0120000;
            default -> 0100000;
        };
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
