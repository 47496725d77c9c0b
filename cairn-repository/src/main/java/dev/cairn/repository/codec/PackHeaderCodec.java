package dev.cairn.repository.codec;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.RepositoryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The plaintext header of a pack file and the pack layout arithmetic:
 * {@code EncBlob_1 ‖ … ‖ EncBlob_n ‖ EncHeader ‖ u32le(len EncHeader)}. Header entries are
 * {@code type ‖ u32le(length) [‖ u32le(uncompressed length)] ‖ id}; blob offsets are implicit, the running sum of
 * lengths in header order.
 */
public final class PackHeaderCodec {

    /** Entry of an uncompressed blob (types 0 data, 1 tree). */
    public static final int PLAIN_ENTRY_SIZE = 1 + 4 + Id.SIZE;
    /** Entry of a compressed blob (types 2 data, 3 tree). */
    public static final int COMPRESSED_ENTRY_SIZE = 1 + 4 + 4 + Id.SIZE;
    /** IV and MAC around the encrypted header. */
    public static final int CRYPTO_OVERHEAD = 32;
    /** The trailing u32 holding the encrypted header's length. */
    public static final int HEADER_LENGTH_FIELD_SIZE = 4;
    /** Header bytes independent of the number of entries. */
    public static final int HEADER_OVERHEAD = HEADER_LENGTH_FIELD_SIZE + CRYPTO_OVERHEAD;
    /** Largest encrypted header plus length field restic accepts. */
    public static final int MAX_HEADER_SIZE = 16 * 1024 * 1024 + HEADER_LENGTH_FIELD_SIZE;
    /** The smallest valid pack: one entry, crypto overhead and the length field. */
    public static final int MIN_PACK_SIZE = PLAIN_ENTRY_SIZE + CRYPTO_OVERHEAD + HEADER_LENGTH_FIELD_SIZE;

    private PackHeaderCodec() {
    }

    /**
     * The header plaintext for {@code blobs} in pack order. The blobs' offsets must be the running sum of their
     * lengths from 0, since that is all a header can express.
     */
    public static byte[] encodeHeader(List<PackedBlob> blobs) {
        byte[] out = new byte[(int) (headerSize(blobs) - HEADER_OVERHEAD)];
        int pos = 0;
        long offset = 0;
        for (PackedBlob b : blobs) {
            if (b.offset() != offset) {
                throw new IllegalArgumentException("blob " + b.id() + " is at offset " + b.offset() + " but a pack"
                        + " header implies " + offset + ": blobs must be contiguous from 0 in header order");
            }
            boolean compressed = b.compressed();
            out[pos] = (byte) ((b.type() == BlobType.TREE ? 1 : 0) + (compressed ? 2 : 0));
            putU32(out, pos + 1, b.length());
            pos += 5;
            if (compressed) {
                putU32(out, pos, b.uncompressedLength());
                pos += 4;
            }
            b.id().copyTo(out, pos);
            pos += Id.SIZE;
            offset += b.length();
        }
        return out;
    }

    /**
     * Parses a decrypted header of pack {@code packId}.
     *
     * @throws IOException ({@link RepositoryException.Corrupt}) on a truncated entry or an unknown type
     */
    public static List<PackedBlob> decodeHeader(byte[] plaintext, Id packId) throws IOException {
        List<PackedBlob> blobs = new ArrayList<>(plaintext.length / PLAIN_ENTRY_SIZE);
        long offset = 0;
        int pos = 0;
        while (pos < plaintext.length) {
            int type = plaintext[pos] & 0xff;
            if (type > 3) {
                throw corrupt(packId, "entry " + blobs.size() + " at header byte " + pos + " has unknown type " + type);
            }
            boolean compressed = type >= 2;
            int size = compressed ? COMPRESSED_ENTRY_SIZE : PLAIN_ENTRY_SIZE;
            if (plaintext.length - pos < size) {
                throw corrupt(packId, "entry " + blobs.size() + " at header byte " + pos + " is truncated: "
                        + (plaintext.length - pos) + " of " + size + " bytes");
            }
            long length = getU32(plaintext, pos + 1);
            long uncompressed = compressed ? getU32(plaintext, pos + 5) : 0;
            if (length > Integer.MAX_VALUE || uncompressed > Integer.MAX_VALUE) {
                throw corrupt(packId, "entry " + blobs.size() + " claims a blob larger than 2 GiB");
            }
            Id id = Id.of(plaintext, pos + size - Id.SIZE);
            BlobType blobType = (type & 1) == 1 ? BlobType.TREE : BlobType.DATA;
            blobs.add(new PackedBlob(id, blobType, packId, offset, (int) length, (int) uncompressed));
            offset += length;
            pos += size;
        }
        return blobs;
    }

    public static int entrySize(PackedBlob blob) {
        return blob.compressed() ? COMPRESSED_ENTRY_SIZE : PLAIN_ENTRY_SIZE;
    }

    /** Encrypted header plus its length field: 36 + Σ entry sizes (restic's {@code CalculateHeaderSize}). */
    public static long headerSize(List<PackedBlob> blobs) {
        long size = HEADER_OVERHEAD;
        for (PackedBlob b : blobs) {
            size += entrySize(b);
        }
        return size;
    }

    /** The size the pack file must have: all blob lengths plus the header size. */
    public static long packSize(List<PackedBlob> blobs) {
        long size = headerSize(blobs);
        for (PackedBlob b : blobs) {
            size += b.length();
        }
        return size;
    }

    /** The trailing length field for an encrypted header of {@code encryptedHeaderLength} bytes. */
    public static byte[] encodeHeaderLength(int encryptedHeaderLength) {
        byte[] b = new byte[HEADER_LENGTH_FIELD_SIZE];
        putU32(b, 0, encryptedHeaderLength);
        return b;
    }

    /**
     * Reads the trailing length field ({@code tail}'s last 4 bytes) of a pack of {@code packSize} bytes and checks
     * it as restic does.
     */
    public static int decodeHeaderLength(byte[] tail, long packSize, Id packId) throws IOException {
        if (packSize < MIN_PACK_SIZE) {
            throw corrupt(packId, "file is too small (" + packSize + " bytes) to be a pack");
        }
        long len = getU32(tail, tail.length - HEADER_LENGTH_FIELD_SIZE);
        if (len < CRYPTO_OVERHEAD) {
            throw corrupt(packId, "header length " + len + " is too small");
        }
        if (len > packSize - HEADER_LENGTH_FIELD_SIZE) {
            throw corrupt(packId, "header length " + len + " is larger than the file");
        }
        if (len > MAX_HEADER_SIZE - HEADER_LENGTH_FIELD_SIZE) {
            throw corrupt(packId, "header length " + len + " exceeds the maximum header size");
        }
        return (int) len;
    }

    private static RepositoryException.Corrupt corrupt(Id packId, String why) {
        return new RepositoryException.Corrupt("pack " + packId + ": invalid header: " + why
                + "; run 'check --read-data' and repair or remove the pack");
    }

    private static void putU32(byte[] b, int pos, long v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        b[pos + 2] = (byte) (v >>> 16);
        b[pos + 3] = (byte) (v >>> 24);
    }

    private static long getU32(byte[] b, int pos) {
        return (b[pos] & 0xffL) | (b[pos + 1] & 0xffL) << 8 | (b[pos + 2] & 0xffL) << 16 | (b[pos + 3] & 0xffL) << 24;
    }
}
