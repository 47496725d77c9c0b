package dev.cairn.snapshots.restore;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Compares a file on disk with a snapshot node blob by blob: each blob's byte range must hash (SHA-256) to the
 * blob's ID. Used by the IF_CHANGED overwrite mode and by verify; needs only the index, no pack downloads.
 */
final class ContentCheck {

    private static final int BUFFER = 1 << 20;

    private final Repository repo;

    ContentCheck(Repository repo) {
        this.repo = repo;
    }

    boolean matches(Path p, Node node) throws IOException {
        return mismatch(p, node) == null;
    }

    /** Null when {@code p} holds exactly the node's content, else what differs. */
    String mismatch(Path p, Node node) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() != node.size()) {
                return "size is " + ch.size() + ", the snapshot has " + node.size();
            }
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            MessageDigest digest = Id.sha256();
            long offset = 0;
            for (Id id : node.content()) {
                PackedBlob blob = repo.lookup(BlobType.DATA, id);
                if (blob == null) {
                    return "blob " + id.shortHex() + " is not in the repository index";
                }
                long length = blob.plaintextLength();
                if (!hashRange(ch, offset, length, buf, digest)
                        || !Arrays.equals(digest.digest(), id.bytes())) {
                    return "content at offset " + offset + " (" + length + " bytes) does not match blob "
                            + id.shortHex();
                }
                offset += length;
            }
            return offset == node.size() ? null : "blobs add up to " + offset + " bytes, the node says "
                    + node.size();
        }
    }

    private static boolean hashRange(FileChannel ch, long offset, long length, ByteBuffer buf,
            MessageDigest digest) throws IOException {
        digest.reset();
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                return false;
            }
            buf.flip();
            digest.update(buf);
            pos += n;
        }
        return true;
    }
}
