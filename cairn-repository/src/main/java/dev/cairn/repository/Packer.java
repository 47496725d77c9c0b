package dev.cairn.repository;

import dev.cairn.repository.codec.PackHeaderCodec;
import dev.cairn.repository.crypto.Crypto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects encrypted blobs of one type into a pack file, assembled in a temporary {@link PackFile}: blobs back to
 * back from offset 0, then the encrypted header and its little-endian length. Not thread safe: the repository
 * guards each open packer, so {@link #add} only copies; the pack's SHA-256 (its name) is computed by
 * {@link Full#identify()} outside that lock, on the upload thread, so that hashing does not serialize the workers.
 * Whoever ends up holding the pack file closes it (which deletes it).
 */
final class Packer {

    /** Placeholder pack ID for entries until the pack is finished and its hash is known. */
    private static final Id UNKNOWN = Id.of(new byte[32]);

    private final BlobType type;
    private final List<PackedBlob> entries = new ArrayList<>();
    private final PackFile file;

    /** @param file an empty pack file; this packer owns it until {@link #finish} hands it on */
    Packer(BlobType type, PackFile file) {
        this.type = type;
        this.file = file;
    }

    /** A finished pack: its ID (hash of the whole file), file and index entries. */
    record Finished(Id id, PackFile file, List<PackedBlob> blobs) {
    }

    /** A complete pack file whose name is not computed yet; entries carry a placeholder pack ID. */
    record Full(PackFile file, List<PackedBlob> entries) {
        /** Hashes the file (its name) and points the entries at it. */
        Finished identify() throws IOException {
            Id packId = file.hash();
            List<PackedBlob> blobs = entries.stream()
                    .map(e -> new PackedBlob(e.id(), e.type(), packId, e.offset(), e.length(), e.uncompressedLength()))
                    .toList();
            return new Finished(packId, file, blobs);
        }
    }

    void add(Id id, byte[] encrypted, int uncompressedLength) throws IOException {
        add(id, encrypted, 0, encrypted.length, uncompressedLength);
    }

    /** Adds the sealed blob at {@code offset} in {@code buf} (prune copies from a pack's bytes without a copy). */
    void add(Id id, byte[] buf, int offset, int length, int uncompressedLength) throws IOException {
        long at = file.size();
        file.append(buf, offset, length);
        entries.add(new PackedBlob(id, type, UNKNOWN, at, length, uncompressedLength));
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
        return PackHeaderCodec.headerSize(entries) + 64 > PackHeaderCodec.MAX_HEADER_SIZE;
    }

    /** Appends the header; the returned pack owns the file from now on. */
    Full finish(Crypto crypto) throws IOException {
        byte[] header = crypto.seal(PackHeaderCodec.encodeHeader(entries));
        int len = header.length;
        byte[] trailer = java.util.Arrays.copyOf(header, len + 4);
        trailer[len] = (byte) len;
        trailer[len + 1] = (byte) (len >>> 8);
        trailer[len + 2] = (byte) (len >>> 16);
        trailer[len + 3] = (byte) (len >>> 24);
        file.append(trailer, 0, trailer.length);
        return new Full(file, List.copyOf(entries));
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
