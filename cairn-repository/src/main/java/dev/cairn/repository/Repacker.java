package dev.cairn.repository;

import dev.cairn.repository.crypto.Crypto;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prune's copying of still-used blobs out of packs that are going away, into new packs. Each blob is decrypted and
 * verified against its ID (a damaged blob must not be carried over silently), then stored again as the very same
 * encrypted bytes: re-encrypting would cost time and change nothing a reader can see. Only when asked to compress
 * (a v2 repository's uncompressed blobs) is a blob compressed and encrypted anew.
 *
 * <p>New packs are uploaded in the background and recorded in the master index as unindexed; prune names them in
 * the index it writes next. Thread safe: several packs may be copied at once.
 */
final class Repacker {

    /** Decrypts, decompresses and verifies one blob found at {@code offset} in {@code buf}. */
    interface Decoder {
        byte[] decode(PackedBlob blob, byte[] buf, int offset) throws IOException;
    }

    private final Storage storage;
    private final Crypto crypto;
    private final RepositoryOptions options;
    private final Decoder decoder;
    /** The repository's compressor: reused native contexts instead of one allocated per blob. */
    private final BlobCompressor zstd;
    private final PackWriter packs;
    /** Bytes of a pack read at once: a few blobs, enough to make reads efficient on any backend. */
    private static final int WINDOW = 4 << 20;
    /** One read buffer per repacking thread (the caller's pool threads), reused from pack to pack. */
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[0]);

    Repacker(Storage storage, Crypto crypto, RepositoryOptions options, MasterIndex index, BlobCompressor zstd,
            Decoder decoder) {
        this.storage = storage;
        this.zstd = zstd;
        this.crypto = crypto;
        this.options = options;
        this.decoder = decoder;
        this.packs = new PackWriter(storage, crypto, options.packSize(),
                pack -> index.addUploaded(pack.id(), pack.blobs()));
    }

    /** Copies {@code blobs} (all in {@code pack}) into new packs; returns the bytes read from {@code pack}. */
    long copy(Id pack, List<PackedBlob> blobs, boolean compress) throws IOException {
        if (blobs.isEmpty()) {
            return 0;
        }
        List<PackedBlob> sorted = new ArrayList<>(blobs);
        sorted.sort(Comparator.comparingLong(PackedBlob::offset));
        long read = 0;
        int first = 0;
        while (first < sorted.size()) {
            // a window of neighbouring blobs spanning at most WINDOW bytes (or one larger blob)
            long start = sorted.get(first).offset();
            int end = first + 1;
            while (end < sorted.size() && end(sorted.get(end)) - start <= WINDOW) {
                end++;
            }
            int length = Math.toIntExact(end(sorted.get(end - 1)) - start);
            byte[] range = readRange(pack, start, length);
            for (PackedBlob blob : sorted.subList(first, end)) {
                copy(blob, range, Math.toIntExact(blob.offset() - start), compress);
            }
            read += length;
            first = end;
        }
        return read;
    }

    private static long end(PackedBlob blob) {
        return blob.offset() + blob.length();
    }

    private void copy(PackedBlob blob, byte[] range, int at, boolean compress) throws IOException {
        byte[] plain;
        try {
            plain = decoder.decode(blob, range, at);
        } catch (RepositoryException.Corrupt e) {
            throw new RepositoryException.Corrupt("prune stopped before changing anything it cannot undo: "
                    + e.getMessage() + " — this blob is still used; run 'cairn check --read-data' and "
                    + "'cairn repair packs' first", e);
        }
        if (compress && !blob.compressed() && plain.length > 0) {
            int level = (blob.type() == BlobType.TREE ? CompressionMode.AUTO : options.compression()).zstdLevel();
            byte[] compressed = zstd.compress(plain, level, false);
            packs.add(blob.type(), blob.id(), crypto.seal(compressed), plain.length);
        } else {
            packs.add(blob.type(), blob.id(), range, at, blob.length(), blob.uncompressedLength());
        }
    }

    /**
     * Reads {@code length} bytes of a pack into this thread's buffer, grown to the largest range seen so far.
     * Allocating a new array of up to a pack's size per pack made most of prune's garbage: these arrays live for
     * the whole copy, outlive young collections and filled the old generation (one full collection per few packs).
     * Reading in windows of {@link #WINDOW} bytes keeps each thread's buffer small.
     */
    private byte[] readRange(Id pack, long start, int length) throws IOException {
        byte[] buf = buffers.get();
        if (buf.length < length) {
            buf = new byte[length];
            buffers.set(buf);
        }
        try (InputStream in = storage.open(Handle.of(FileType.PACK, pack.hex()), start, length)) {
            int n = in.readNBytes(buf, 0, length);
            if (n != length) {
                throw new dev.cairn.storage.StorageException.Permanent(storage.location() + ": pack " + pack
                        + " is truncated: wanted " + length + " bytes at offset " + start + ", got " + n, null);
            }
        }
        return buf;
    }

    /** Uploads the last, partly filled packs and waits for every upload. */
    void finish() throws IOException {
        packs.flush();
    }

    /** Deletes the temporary files of packs still being filled (after a failure; a finished run has none). */
    void discard() throws IOException {
        packs.discard();
    }
}
