package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentCodecsTest {

    private static final Id A = Id.hash(new byte[] {1});
    private static final Id B = Id.hash(new byte[] {2});
    private static final Id C = Id.hash(new byte[] {3});

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void minimalSnapshotAndResticLocalOffsets() throws IOException {
        Snapshot s = new Snapshot(Instant.parse("2026-11-21T20:20:00.123Z"), null, A, List.of("/data"), "vm", "root",
                0, 0, null, null, null, null, null);
        String json = "{\"time\":\"2026-11-21T20:20:00.123Z\",\"tree\":\"" + A.hex() + "\",\"paths\":[\"/data\"],"
                + "\"hostname\":\"vm\",\"username\":\"root\"}";
        assertThat(str(SnapshotCodec.encode(s))).isEqualTo(json);
        assertThat(SnapshotCodec.decode(utf8(json))).isEqualTo(s);
        String local = json.replace("2026-11-21T20:20:00.123Z", "2026-11-21T21:20:00.123+01:00");
        assertThat(SnapshotCodec.decode(utf8(local))).isEqualTo(s);
    }

    @Test
    void fullSnapshotWithSummaryInFieldOrder() throws IOException {
        SnapshotSummary sum = new SnapshotSummary(Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-02T03:04:06.5Z"), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Snapshot s = new Snapshot(Instant.parse("2026-01-02T03:04:05Z"), B, A, List.of("/a", "/b<"), "h", "u",
                1000, 100, List.of("*.tmp"), List.of("t1", "t2"), C, "cairn 0.1", sum);
        String json = "{\"time\":\"2026-01-02T03:04:05Z\",\"parent\":\"" + B.hex() + "\",\"tree\":\"" + A.hex()
                + "\",\"paths\":[\"/a\",\"/b\\u003c\"],\"hostname\":\"h\",\"username\":\"u\",\"uid\":1000,"
                + "\"gid\":100,\"excludes\":[\"*.tmp\"],\"tags\":[\"t1\",\"t2\"],\"original\":\"" + C.hex() + "\","
                + "\"program_version\":\"cairn 0.1\",\"summary\":{\"backup_start\":\"2026-01-02T03:04:05Z\","
                + "\"backup_end\":\"2026-01-02T03:04:06.5Z\",\"files_new\":1,\"files_changed\":2,"
                + "\"files_unmodified\":3,\"dirs_new\":4,\"dirs_changed\":5,\"dirs_unmodified\":6,\"data_blobs\":7,"
                + "\"tree_blobs\":8,\"data_added\":9,\"data_added_packed\":10,\"total_files_processed\":11,"
                + "\"total_bytes_processed\":12}}";
        assertThat(str(SnapshotCodec.encode(s))).isEqualTo(json);
        assertThat(SnapshotCodec.decode(utf8(json))).isEqualTo(s);
    }

    @Test
    void snapshotWithoutTreeIsRejected() {
        assertThatThrownBy(() -> SnapshotCodec.decode(utf8("{\"time\":\"2026-01-02T03:04:05Z\",\"paths\":[]}")))
                .isInstanceOf(RepositoryException.Corrupt.class).hasMessageContaining("snapshot without tree");
    }

    @Test
    void indexGoldenBytesAndLegacyAndSupersedes() throws IOException {
        List<IndexPack> packs = List.of(
                new IndexPack(A, List.of(new PackedBlob(B, BlobType.DATA, A, 0, 100, 68),
                        new PackedBlob(C, BlobType.DATA, A, 100, 40, 0))),
                new IndexPack(B, List.of(new PackedBlob(A, BlobType.TREE, B, 0, 300, 1000))));
        String json = "{\"packs\":[{\"id\":\"" + A.hex() + "\",\"blobs\":["
                + "{\"id\":\"" + B.hex() + "\",\"type\":\"data\",\"offset\":0,\"length\":100,\"uncompressed_length\":68},"
                + "{\"id\":\"" + C.hex() + "\",\"type\":\"data\",\"offset\":100,\"length\":40}]},"
                + "{\"id\":\"" + B.hex() + "\",\"blobs\":[{\"id\":\"" + A.hex()
                + "\",\"type\":\"tree\",\"offset\":0,\"length\":300,\"uncompressed_length\":1000}]}]}\n";
        assertThat(str(IndexCodec.encode(packs))).isEqualTo(json);
        assertThat(IndexCodec.decode(utf8(json))).isEqualTo(packs);
        String withSupersedes = "{\"supersedes\":[\"" + C.hex() + "\"]," + json.substring(1);
        assertThat(IndexCodec.decode(utf8(withSupersedes))).isEqualTo(packs);
        String legacy = json.substring("{\"packs\":".length(), json.length() - 2);
        assertThat(legacy).startsWith("[").endsWith("]");
        assertThat(IndexCodec.decode(utf8(legacy))).isEqualTo(packs);
        assertThat(str(IndexCodec.encode(List.of()))).isEqualTo("{\"packs\":[]}\n");
    }

    @Test
    void indexRejectsUnknownBlobType() {
        String json = "{\"packs\":[{\"id\":\"" + A.hex() + "\",\"blobs\":[{\"id\":\"" + B.hex()
                + "\",\"type\":\"lava\",\"offset\":0,\"length\":1}]}]}";
        assertThatThrownBy(() -> IndexCodec.decode(utf8(json))).isInstanceOf(RepositoryException.Corrupt.class)
                .hasMessageContaining("unknown blob type 'lava'");
    }

    @Test
    void configGoldenBytesAndVersionCheck() throws IOException {
        RepoConfig c = new RepoConfig(2, A.hex(), "3da3358b4dc173");
        String json = "{\"version\":2,\"id\":\"" + A.hex() + "\",\"chunker_polynomial\":\"3da3358b4dc173\"}";
        assertThat(str(ConfigCodec.encode(c))).isEqualTo(json);
        assertThat(ConfigCodec.decode(utf8(json))).isEqualTo(c);
        assertThat(ConfigCodec.decode(utf8(json + "\n"))).isEqualTo(c);
        assertThat(c.polynomial()).isEqualTo(0x3da3358b4dc173L);
        for (String v : List.of("0", "3")) {
            assertThatThrownBy(() -> ConfigCodec.decode(utf8(json.replace("\"version\":2", "\"version\":" + v))))
                    .isInstanceOf(RepositoryException.Corrupt.class)
                    .hasMessageContaining("unsupported repository version " + v);
        }
        assertThatThrownBy(() -> ConfigCodec.decode(utf8(json.replace("3da3358b4dc173", "xyz"))))
                .hasMessageContaining("chunker_polynomial is not a hex number");
    }

    @Test
    void lockGoldenBytes() throws IOException {
        LockDocument l = new LockDocument(Instant.parse("2026-03-04T05:06:07.89Z"), false, "vm", "root", 17935,
                1000, 1000);
        String json = "{\"time\":\"2026-03-04T05:06:07.89Z\",\"exclusive\":false,\"hostname\":\"vm\","
                + "\"username\":\"root\",\"pid\":17935,\"uid\":1000,\"gid\":1000}";
        assertThat(str(LockCodec.encode(l))).isEqualTo(json);
        assertThat(LockCodec.decode(utf8(json))).isEqualTo(l);
        LockDocument root = new LockDocument(l.time(), true, "vm", "root", 1, 0, 0);
        assertThat(str(LockCodec.encode(root))).isEqualTo("{\"time\":\"2026-03-04T05:06:07.89Z\",\"exclusive\":true,"
                + "\"hostname\":\"vm\",\"username\":\"root\",\"pid\":1}");
        assertThat(LockCodec.decode(LockCodec.encode(root))).isEqualTo(root);
    }

    @Test
    void keyFileAndMasterKeyGoldenBytes() throws IOException {
        byte[] salt = new byte[64];
        salt[0] = (byte) 0xfb;
        KeyDocument k = new KeyDocument(Instant.parse("2026-03-04T05:06:07.123456789Z"), "root", "vm", "scrypt",
                32768, 8, 2, salt, new byte[] {1, 2, 3});
        String json = "{\"created\":\"2026-03-04T05:06:07.123456789Z\",\"username\":\"root\",\"hostname\":\"vm\","
                + "\"kdf\":\"scrypt\",\"N\":32768,\"r\":8,\"p\":2,\"salt\":\"+w"
                + "A".repeat(84) + "==\",\"data\":\"AQID\"}";
        assertThat(str(KeyCodec.encode(k))).isEqualTo(json);
        assertThat(KeyCodec.decode(utf8(json))).isEqualTo(k);

        byte[] enc = new byte[32];
        byte[] mk = new byte[16];
        byte[] mr = new byte[16];
        enc[31] = 1;
        mk[0] = 2;
        mr[15] = (byte) 0xff;
        MasterKeyDocument m = new MasterKeyDocument(enc, mk, mr);
        String mjson = "{\"mac\":{\"k\":\"AgAAAAAAAAAAAAAAAAAAAA==\",\"r\":\"AAAAAAAAAAAAAAAAAAAA/w==\"},"
                + "\"encrypt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\"}";
        assertThat(str(KeyCodec.encodeMasterKey(m))).isEqualTo(mjson);
        assertThat(KeyCodec.decodeMasterKey(utf8(mjson))).isEqualTo(m);
        assertThat(m.toString()).doesNotContain("AAA");
        assertThatThrownBy(() -> KeyCodec.decodeMasterKey(utf8("{\"mac\":{\"k\":\"AA==\"},\"encrypt\":\"AA==\"}")))
                .isInstanceOf(RepositoryException.Corrupt.class).hasMessageContaining("must have 32 bytes");
    }

    @Test
    void unpackedFilesCompressAndAcceptRawJson() throws IOException {
        byte[] json = utf8("{\"packs\":[]}\n");
        byte[] packed = Unpacked.compress(json);
        assertThat(packed[0]).isEqualTo((byte) 2);
        // a zstd frame magic follows the version byte
        assertThat(packed).startsWith(2, 0x28, 0xb5, 0x2f, 0xfd);
        assertThat(Unpacked.decompress(packed)).isEqualTo(json);
        assertThat(Unpacked.decompress(json)).isSameAs(json);
        assertThat(Unpacked.decompress(utf8("[1]"))).isEqualTo(utf8("[1]"));
        assertThat(Unpacked.decompress(new byte[0])).isEmpty();
        assertThatThrownBy(() -> Unpacked.decompress(new byte[] {1, 2}))
                .isInstanceOf(RepositoryException.Corrupt.class).hasMessageContaining("unsupported encoding format 0x01");
        byte[] broken = packed.clone();
        broken[broken.length - 1] ^= 0x55;
        broken[5] ^= 0x55;
        assertThatThrownBy(() -> Unpacked.decompress(broken)).isInstanceOf(RepositoryException.Corrupt.class);
    }

    @Test
    void unpackedFramesWithoutContentSizeAreRead() throws IOException {
        byte[] json = utf8("{\"a\":\"" + "x".repeat(100_000) + "\"}");
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        bos.write(2);
        // a streaming encoder cannot know the content size, so its frame header omits it
        try (var z = new com.github.luben.zstd.ZstdOutputStream(bos, 1)) {
            z.write(json);
        }
        byte[] plain = bos.toByteArray();
        assertThat(com.github.luben.zstd.Zstd.getFrameContentSize(plain, 1, plain.length - 1)).isLessThanOrEqualTo(0);
        assertThat(Unpacked.decompress(plain)).isEqualTo(json);
    }

    @Test
    void snapshotTimesAreWrittenInTheLocalOffsetAsResticDoes() throws Exception {
        Snapshot s = new Snapshot(java.time.Instant.parse("2026-07-01T10:00:00.5Z"), null,
                Id.hash(new byte[0]), List.of("/srv"), "h", null, 0, 0, null, null, null, null, null);
        String summer = new String(SnapshotCodec.encode(s, java.time.ZoneId.of("Europe/Berlin")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(summer).startsWith("{\"time\":\"2026-07-01T12:00:00.5+02:00\"");
        String winter = new String(SnapshotCodec.encode(new Snapshot(java.time.Instant.parse("2026-01-01T10:00:00Z"),
                null, s.tree(), s.paths(), "h", null, 0, 0, null, null, null, null, null),
                java.time.ZoneId.of("America/New_York")), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(winter).startsWith("{\"time\":\"2026-01-01T05:00:00-05:00\"");
        assertThat(new String(SnapshotCodec.encode(s, java.time.ZoneOffset.UTC), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"time\":\"2026-07-01T10:00:00.5Z\"");
        assertThat(SnapshotCodec.decode(summer.getBytes(java.nio.charset.StandardCharsets.UTF_8)).time())
                .isEqualTo(s.time());
    }
}
