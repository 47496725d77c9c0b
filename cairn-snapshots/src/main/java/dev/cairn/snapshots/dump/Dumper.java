package dev.cairn.snapshots.dump;

import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.restore.SnapshotPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * restic's {@code dump}: a file's content, or a directory as a tar or zip archive, streamed to an output stream
 * without temporary files. Entries are named like restic names them: by their path inside the snapshot without
 * the leading {@code /} ({@code dump latest /srv/www} gives {@code srv/www/index.html}). Only files, directories,
 * symlinks and (in tar) hardlinks are archived; fifos, devices and sockets are skipped, as restic does.
 */
public final class Dumper {

    public enum ArchiveFormat { TAR, ZIP }

    public enum Compression { NONE, GZIP, BZIP2 }

    private static final int PREFETCH = 4;

    private final Repository repo;
    private final Warnings warnings;

    public Dumper(Repository repo, Warnings warnings) {
        this.repo = repo;
        this.warnings = warnings;
    }

    /**
     * Writes the content of the regular file at {@code path} to {@code out} (which is flushed, not closed).
     *
     * @throws IOException if the path is missing or is not a regular file, or a blob cannot be loaded
     */
    public void dumpFile(Snapshot snapshot, String path, OutputStream out) throws IOException {
        Node node = SnapshotPaths.node(repo, snapshot, path);
        if (node == null || !node.isFile()) {
            throw new IOException("'" + path + "' is " + (node == null ? "the snapshot root" : "a "
                    + node.type().jsonName()) + ", not a file: dump it as an archive (tar or zip) instead");
        }
        new BlobStream(repo, PREFETCH).write(node.content(), out);
        out.flush();
    }

    /**
     * Writes {@code path} ({@code ""} or {@code "/"} for the whole snapshot) as an archive to {@code out}; the
     * archive is finished and {@code out} flushed, not closed.
     */
    public void dumpArchive(Snapshot snapshot, String path, ArchiveFormat format, Compression compression,
            OutputStream out) throws IOException {
        Node node = SnapshotPaths.node(repo, snapshot, path);
        String prefix = prefix(path, node);
        List<Node> roots = SnapshotPaths.entries(repo, snapshot, path);
        OutputStream compressed = switch (compression) {
            case NONE -> new NonClosing(out);
            case GZIP -> new GzipCompressorOutputStream(new NonClosing(out));
            case BZIP2 -> new BZip2CompressorOutputStream(new NonClosing(out));
        };
        BlobStream blobs = new BlobStream(repo, PREFETCH);
        try (ArchiveSink sink = format == ArchiveFormat.TAR
                ? new TarSink(compressed, blobs) : new ZipSink(compressed, blobs)) {
            new TreeEntries(repo, sink, warnings).walk(roots, prefix);
        }
        out.flush();
    }

    /** The names of the dumped entries start with this (restic keeps the dumped directory's own path). */
    private static String prefix(String path, Node node) {
        if (node == null) {
            return "";
        }
        String clean = String.join("/", java.util.Arrays.stream(path.split("/"))
                .filter(p -> !p.isEmpty() && !p.equals(".")).toList());
        if (node.isDir()) {
            return clean + "/";
        }
        int slash = clean.lastIndexOf('/');
        return slash < 0 ? "" : clean.substring(0, slash + 1);
    }

    /** Lets archive and compressor streams be closed (to finish them) without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
