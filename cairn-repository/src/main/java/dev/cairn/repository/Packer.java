package dev.cairn.repository;

import dev.cairn.repository.codec.PackHeaderCodec;
import dev.cairn.repository.crypto.Crypto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects encrypted blobs of one type into a pack file, assembled in a temporary {@link PackFile}: blobs back to
 * back from offset 0, then the encrypted header and its little-endian length. Not thread safe: the repository
 * guards each open packer. The pack's SHA-256 (its name) is built up as blobs are appended ({@link PackFile}), so
 * finishing a pack costs only its header: no pass over the file. Whoever ends up holding the pack file closes it
 * (which deletes it).
 */
final class Packer {

    /** Placeholder pack ID for entries until the pack is finished and its hash is known. */
    private static final Id UNKNOWN = Id.of(new byte[32]);

    private final BlobType type;
    private final List<PackedBlob> entries = new ArrayList<>();
    private final PackFile file;
    /** {@link PackHeaderCodec#headerSize} of {@link #entries}, kept up to date rather than summed per blob. */
    private long headerSize = PackHeaderCodec.HEADER_OVERHEAD;

    /** @param file an empty pack file; this packer owns it until {@link #finish} hands it on */
    Packer(BlobType type, PackFile file) {
        this.type = type;
        this.file = file;
    }

    /** A finished pack: its ID (hash of the whole file), file and index entries. */
    record Finished(Id id, PackFile file, List<PackedBlob> blobs) {
    }

    void add(Id id, byte[] encrypted, int uncompressedLength) throws IOException {
        add(id, encrypted, 0, encrypted.length, uncompressedLength);
    }

    /** Adds the sealed blob at {@code offset} in {@code buf} (prune copies from a pack's bytes without a copy). */
    void add(Id id, byte[] buf, int offset, int length, int uncompressedLength) throws IOException {
        long at = file.size();
        file.append(buf, offset, length);
        PackedBlob entry = new PackedBlob(id, type, UNKNOWN, at, length, uncompressedLength);
        entries.add(entry);
        headerSize += PackHeaderCodec.entrySize(entry);
    }

    long size() {
        return file.size();
    }

    int count() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether another header entry still fits under restic's header size limit. */
    boolean headerFull() {
        return headerSize + 64 > PackHeaderCodec.MAX_HEADER_SIZE;
    }

    /** Appends the header and names the pack; the returned pack owns the file from now on. */
    Finished finish(Crypto crypto) throws IOException {
        byte[] header = crypto.seal(PackHeaderCodec.encodeHeader(entries));
        int len = header.length;
        file.append(header, 0, len);
        file.append(new byte[] {(byte) len, (byte) (len >>> 8), (byte) (len >>> 16), (byte) (len >>> 24)}, 0, 4);
        Id packId = file.id();
        List<PackedBlob> blobs = entries.stream()
                .map(e -> new PackedBlob(e.id(), e.type(), packId, e.offset(), e.length(), e.uncompressedLength()))
                .toList();
        return new Finished(packId, file, blobs);
    }

    /** The file, for deleting it after a failed {@link #add} or {@link #finish}. */
    PackFile fileForCleanup() {
        return file;
    }

    /** Discards an unfinished pack (its file is deleted). */
    void discard() throws IOException {
        file.close();
    }
}
