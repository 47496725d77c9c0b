package dev.cairn.repository;

import java.util.Objects;

/**
 * Where a blob lives: in pack {@code pack} at {@code offset}, {@code length} encrypted bytes (IV, ciphertext, MAC).
 * {@code uncompressedLength} is the plaintext length when the blob is stored compressed, 0 when it is not.
 */
public record PackedBlob(Id id, BlobType type, Id pack, long offset, int length, int uncompressedLength) {

    public PackedBlob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pack, "pack");
        if (offset < 0 || length < 0 || uncompressedLength < 0) {
            throw new IllegalArgumentException("negative offset or length for blob " + id);
        }
    }

    public boolean compressed() {
        return uncompressedLength != 0;
    }

    /** Length of the plaintext: the uncompressed length, or the encrypted length less IV and MAC. */
    public int plaintextLength() {
        return compressed() ? uncompressedLength : length - 32;
    }
}
