package dev.cairn.repository;

import dev.cairn.repository.codec.PackHeaderCodec;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.util.List;

/**
 * Reads a pack's header with ranged reads of its tail only, never the whole pack: first a guess of the last
 * {@value #EAGER_TAIL} bytes (enough for the header of a typical data pack), then exactly the header when it is
 * longer — as restic's {@code pack.List} does.
 */
final class PackHeaders {

    static final int EAGER_TAIL = 16 * 1024;

    private PackHeaders() {
    }

    /** The pack's blobs, checked against the file size; {@link RepositoryException.Corrupt} when it is unusable. */
    static List<PackedBlob> read(Storage storage, DefaultRepository repo, Id pack, long size) throws IOException {
        Handle handle = Handle.of(FileType.PACK, pack.hex());
        int eager = (int) Math.min(size, EAGER_TAIL);
        byte[] tail = storage.load(handle, size - eager, eager);
        int headerLength = PackHeaderCodec.decodeHeaderLength(tail, size, pack);
        int needed = headerLength + PackHeaderCodec.HEADER_LENGTH_FIELD_SIZE;
        if (needed > tail.length) {
            tail = storage.load(handle, size - needed, needed);
        }
        // readPackHeader only looks at the last 4 + headerLength bytes, so the tail stands in for the whole file.
        List<PackedBlob> blobs = repo.readPackHeader(pack, tail);
        checkSize(pack, blobs, size);
        return blobs;
    }

    static void checkSize(Id pack, List<PackedBlob> blobs, long size) throws RepositoryException.Corrupt {
        long expected = PackHeaderCodec.packSize(blobs);
        if (expected != size) {
            throw new RepositoryException.Corrupt("pack " + pack + ": its header describes " + expected
                    + " bytes but the file has " + size);
        }
    }
}
