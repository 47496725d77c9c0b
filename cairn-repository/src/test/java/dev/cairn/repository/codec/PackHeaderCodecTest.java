package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.RepositoryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackHeaderCodecTest {

    private static final Id PACK = Id.hash(new byte[] {9});
    private static final Id A = Id.hash(new byte[] {1});
    private static final Id B = Id.hash(new byte[] {2});

    @Test
    void constantsMatchRestic() {
        assertThat(PackHeaderCodec.PLAIN_ENTRY_SIZE).isEqualTo(37);
        assertThat(PackHeaderCodec.COMPRESSED_ENTRY_SIZE).isEqualTo(41);
        assertThat(PackHeaderCodec.HEADER_OVERHEAD).isEqualTo(36);
        assertThat(PackHeaderCodec.HEADER_LENGTH_FIELD_SIZE).isEqualTo(4);
        assertThat(PackHeaderCodec.MAX_HEADER_SIZE).isEqualTo(16 * 1024 * 1024 + 4);
        assertThat(PackHeaderCodec.MIN_PACK_SIZE).isEqualTo(73);
    }

    @Test
    void goldenHeaderBytes() throws IOException {
        List<PackedBlob> blobs = List.of(
                new PackedBlob(A, BlobType.DATA, PACK, 0, 0x01020304, 0),
                new PackedBlob(B, BlobType.TREE, PACK, 0x01020304, 300, 0x0a0b0c0d),
                new PackedBlob(A, BlobType.DATA, PACK, 0x01020304 + 300, 50, 20),
                new PackedBlob(B, BlobType.TREE, PACK, 0x01020304 + 350, 33, 0));
        byte[] header = PackHeaderCodec.encodeHeader(blobs);
        String hex = HexFormat.of().formatHex(header);
        assertThat(hex).isEqualTo("00" + "04030201" + A.hex()
                + "03" + "2c010000" + "0d0c0b0a" + B.hex()
                + "02" + "32000000" + "14000000" + A.hex()
                + "01" + "21000000" + B.hex());
        assertThat(PackHeaderCodec.decodeHeader(header, PACK)).isEqualTo(blobs);
        assertThat(PackHeaderCodec.headerSize(blobs)).isEqualTo(36 + 37 + 41 + 41 + 37).isEqualTo(header.length + 36);
        assertThat(PackHeaderCodec.packSize(blobs)).isEqualTo(0x01020304L + 300 + 50 + 33 + 36 + 156);
    }

    @Test
    void randomHeadersRoundTrip() throws IOException {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int n = 0; n < 500; n++) {
            List<PackedBlob> blobs = new ArrayList<>();
            long offset = 0;
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[32];
                random.nextBytes(id);
                int length = random.nextInt(1 << 24);
                int uncompressed = random.nextBoolean() ? 0 : random.nextInt(Integer.MAX_VALUE);
                blobs.add(new PackedBlob(Id.of(id), random.nextBoolean() ? BlobType.DATA : BlobType.TREE, PACK,
                        offset, length, uncompressed));
                offset += length;
            }
            byte[] header = PackHeaderCodec.encodeHeader(blobs);
            assertThat(header.length + 36L).as("seed %d", seed).isEqualTo(PackHeaderCodec.headerSize(blobs));
            assertThat(PackHeaderCodec.decodeHeader(header, PACK)).as("seed %d", seed).isEqualTo(blobs);
        }
    }

    @Test
    void malformedHeadersAreRejected() {
        byte[] header = PackHeaderCodec.encodeHeader(List.of(new PackedBlob(A, BlobType.DATA, PACK, 0, 10, 5)));
        assertThatThrownBy(() -> PackHeaderCodec.decodeHeader(Arrays.copyOf(header, 40), PACK))
                .isInstanceOf(RepositoryException.Corrupt.class)
                .hasMessageContaining("pack " + PACK.hex())
                .hasMessageContaining("entry 0 at header byte 0 is truncated: 40 of 41 bytes");
        byte[] plain = PackHeaderCodec.encodeHeader(List.of(new PackedBlob(A, BlobType.DATA, PACK, 0, 10, 0)));
        assertThatThrownBy(() -> PackHeaderCodec.decodeHeader(Arrays.copyOf(plain, 36), PACK))
                .hasMessageContaining("truncated: 36 of 37 bytes");
        byte[] two = Arrays.copyOf(plain, 74);
        System.arraycopy(plain, 0, two, 37, 37);
        two[37] = 7;
        assertThatThrownBy(() -> PackHeaderCodec.decodeHeader(two, PACK))
                .isInstanceOf(RepositoryException.Corrupt.class)
                .hasMessageContaining("entry 1 at header byte 37 has unknown type 7");
        assertThat(uncheckedDecode(new byte[0])).isEmpty();
    }

    @Test
    void nonContiguousBlobsCannotBeWritten() {
        List<PackedBlob> gap = List.of(new PackedBlob(A, BlobType.DATA, PACK, 0, 10, 0),
                new PackedBlob(B, BlobType.DATA, PACK, 11, 10, 0));
        assertThatThrownBy(() -> PackHeaderCodec.encodeHeader(gap)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at offset 11 but a pack header implies 10");
    }

    @Test
    void headerLengthFieldIsCheckedLikeRestic() throws IOException {
        byte[] field = PackHeaderCodec.encodeHeaderLength(0x01020304);
        assertThat(field).containsExactly(4, 3, 2, 1);
        assertThat(PackHeaderCodec.decodeHeaderLength(PackHeaderCodec.encodeHeaderLength(69), 1000, PACK))
                .isEqualTo(69);
        assertThatThrownBy(() -> PackHeaderCodec.decodeHeaderLength(field, 72, PACK)).hasMessageContaining("too small");
        assertThatThrownBy(() -> PackHeaderCodec.decodeHeaderLength(PackHeaderCodec.encodeHeaderLength(31), 1000, PACK))
                .hasMessageContaining("header length 31 is too small");
        assertThatThrownBy(() -> PackHeaderCodec.decodeHeaderLength(PackHeaderCodec.encodeHeaderLength(997), 1000, PACK))
                .hasMessageContaining("larger than the file");
        assertThatThrownBy(() -> PackHeaderCodec.decodeHeaderLength(
                PackHeaderCodec.encodeHeaderLength(16 * 1024 * 1024 + 1), 1L << 30, PACK))
                .hasMessageContaining("exceeds the maximum header size");
    }

    private static List<PackedBlob> uncheckedDecode(byte[] b) {
        try {
            return PackHeaderCodec.decodeHeader(b, PACK);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
