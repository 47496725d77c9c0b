package dev.cairn.snapshots.dump;

import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * A zip as restic's {@code dump --archive zip} writes one: UTF-8 names, unix modes in the external attributes,
 * symlinks as entries whose content is the link target. Streamed (sizes in data descriptors, ZIP64 as needed);
 * hardlinks are stored as separate copies, since zip has no links.
 */
final class ZipSink implements ArchiveSink {

    private final ZipArchiveOutputStream zip;
    private final BlobStream blobs;

    ZipSink(OutputStream out, BlobStream blobs) {
        this.zip = new ZipArchiveOutputStream(out);
        zip.setEncoding(StandardCharsets.UTF_8.name());
        zip.setUseLanguageEncodingFlag(true);
        zip.setUseZip64(Zip64Mode.AsNeeded);
        this.blobs = blobs;
    }

    @Override
    public void entry(String name, Node node, String hardlinkOf) throws IOException {
        boolean dir = node.type() == NodeType.DIR;
        ZipArchiveEntry e = new ZipArchiveEntry(dir ? name + "/" : name);
        int type = switch (node.type()) {
            case DIR -> UnixStat.DIR_FLAG;
            case SYMLINK -> UnixStat.LINK_FLAG;
            default -> UnixStat.FILE_FLAG;
        };
        e.setUnixMode(type | node.posixMode());
        e.setLastModifiedTime(FileTime.from(node.mtime()));
        e.setMethod(ZipEntry.DEFLATED);
        byte[] target = null;
        if (node.type() == NodeType.SYMLINK) {
            target = node.linkTarget() == null ? new byte[0] : node.linkTarget().bytes();
            e.setSize(target.length);
        } else if (!dir) {
            e.setSize(node.size());
        }
        zip.putArchiveEntry(e);
        if (target != null) {
            zip.write(target);
        } else if (!dir) {
            blobs.write(node.content(), zip);
        }
        zip.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
