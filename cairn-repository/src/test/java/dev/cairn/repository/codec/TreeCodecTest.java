package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.ExtendedAttribute;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeCodecTest {

    static final Path REFERENCE = Path.of("/work/shared/reference/tree-name-escaping-restic-0.14.0.json");
    private static final Instant T = Instant.parse("2026-11-21T20:27:58.371921561Z");
    private static final Id BLOB = Id.parse("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void referenceTreeFromRestic014DecodesAndReencodesByteForByte() throws IOException {
        byte[] blob = Files.readAllBytes(REFERENCE);
        assertThat(Id.hash(blob).hex()).startsWith("46bb8d9e")
                .isEqualTo("46bb8d9e7ceeab258cbb86bd6105d795801d3e41d485be452ae99b1132a68bd2");
        Tree tree = TreeCodec.decode(blob);
        assertThat(tree.nodes()).extracting(Node::name).containsExactly(
                Name.of("<html>&amp"), Name.of("a\"b"), Name.of("back\\slash"),
                Name.of(new byte[] {'b', 'a', 'd', (byte) 0xff, 'b', 'y', 't', 'e'}), Name.of("café"),
                Name.of("ctrl\u0001x"), Name.of("line\u2028sep"), Name.of("tab\tname"));
        Node first = tree.nodes().get(0);
        assertThat(first.type()).isEqualTo(NodeType.FILE);
        assertThat(first.mode()).isEqualTo(420);
        assertThat(first.mtime()).isEqualTo(T);
        assertThat(first.user()).isEqualTo("root");
        assertThat(first.inode()).isEqualTo(2269219);
        assertThat(first.deviceId()).isEqualTo(65024);
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.links()).isEqualTo(1);
        assertThat(first.content()).containsExactly(BLOB);
        assertThat(first.subtree()).isNull();
        assertThat(tree.nodes().get(1).mtime()).isEqualTo(Instant.parse("2026-11-21T20:27:58.37176281Z"));

        assertThat(str(TreeCodec.encode(tree))).isEqualTo(str(blob));
        assertThat(TreeCodec.encode(tree)).isEqualTo(blob);
    }

    @Test
    void emptyTree() throws IOException {
        assertThat(str(TreeCodec.encode(Tree.EMPTY))).isEqualTo("{\"nodes\":[]}\n");
        assertThat(TreeCodec.decode("{\"nodes\":[]}\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(Tree.EMPTY);
        assertThat(TreeCodec.decode("{\"nodes\":null}".getBytes(StandardCharsets.UTF_8))).isEqualTo(Tree.EMPTY);
        assertThat(TreeCodec.decode("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(Tree.EMPTY);
    }

    @Test
    void everyNodeKindWithGoldenBytes() throws IOException {
        Id sub = Id.hash("sub".getBytes(StandardCharsets.UTF_8));
        Tree tree = new Tree(List.of(
                node("dev", NodeType.DEV).mode(Node.MODE_DEVICE | 0660).device(2049).links(1).build(),
                node("dir", NodeType.DIR).mode(Node.MODE_DIR | 0755).subtree(sub).build(),
                node("empty", NodeType.FILE).mode(0644).content(List.of()).links(2).build(),
                node("fifo", NodeType.FIFO).mode(Node.MODE_NAMED_PIPE | 0644).build(),
                node("link", NodeType.SYMLINK).mode(Node.MODE_SYMLINK | 0777).linkTarget(Name.of("../t\"<"))
                        .links(1).build(),
                node("x", NodeType.FILE).mode(0600).size(5).content(List.of(BLOB, BLOB))
                        .extendedAttributes(List.of(new ExtendedAttribute("user.a", new byte[] {1, 2})))
                        .error("read: <bad>").build()));
        String common = "\"mtime\":\"2026-11-21T20:27:58.371921561Z\",\"atime\":\"2026-11-21T20:27:58.371921561Z\","
                + "\"ctime\":\"2026-11-21T20:27:58.371921561Z\",\"uid\":1000,\"gid\":100,\"user\":\"u\","
                + "\"group\":\"g\",\"inode\":7,\"device_id\":65024,";
        String expected = "{\"nodes\":["
                + "{\"name\":\"dev\",\"type\":\"dev\",\"mode\":67109296," + common
                + "\"links\":1,\"device\":2049,\"content\":null},"
                + "{\"name\":\"dir\",\"type\":\"dir\",\"mode\":2147484141," + common
                + "\"content\":null,\"subtree\":\"" + sub.hex() + "\"},"
                + "{\"name\":\"empty\",\"type\":\"file\",\"mode\":420," + common + "\"links\":2,\"content\":[]},"
                + "{\"name\":\"fifo\",\"type\":\"fifo\",\"mode\":33554852," + common + "\"content\":null},"
                + "{\"name\":\"link\",\"type\":\"symlink\",\"mode\":134218239," + common
                + "\"links\":1,\"linktarget\":\"../t\\\"\\u003c\",\"content\":null},"
                + "{\"name\":\"x\",\"type\":\"file\",\"mode\":384," + common + "\"size\":5,"
                + "\"extended_attributes\":[{\"name\":\"user.a\",\"value\":\"AQI=\"}],"
                + "\"content\":[\"" + BLOB.hex() + "\",\"" + BLOB.hex() + "\"],\"error\":\"read: \\u003cbad\\u003e\"}"
                + "]}\n";
        byte[] encoded = TreeCodec.encode(tree);
        assertThat(str(encoded)).isEqualTo(expected);
        assertThat(TreeCodec.decode(encoded)).isEqualTo(tree);
    }

    @Test
    void zeroFieldsAreOmittedButUidGidTimesAndContentStay() {
        Node bare = Node.builder(Name.of("s"), NodeType.SOCKET).build();
        assertThat(str(TreeCodec.encode(new Tree(List.of(bare))))).isEqualTo(
                "{\"nodes\":[{\"name\":\"s\",\"type\":\"socket\",\"mtime\":\"1970-01-01T00:00:00Z\","
                        + "\"atime\":\"1970-01-01T00:00:00Z\",\"ctime\":\"1970-01-01T00:00:00Z\",\"uid\":0,\"gid\":0,"
                        + "\"content\":null}]}\n");
    }

    @Test
    void symlinkTargetThatIsNotUtf8AlsoGetsRawField() throws IOException {
        byte[] target = {0, 1, 2, (byte) 0xfa, (byte) 0xfb, (byte) 0xfc};
        Node link = node("l", NodeType.SYMLINK).linkTarget(Name.of(target)).build();
        String json = str(TreeCodec.encode(new Tree(List.of(link))));
        assertThat(json).contains("\"linktarget\":\"\\u0000\\u0001\\u0002\\ufffd\\ufffd\\ufffd\","
                + "\"linktarget_raw\":\"AAEC+vv8\",\"content\":null");
        assertThat(TreeCodec.decode(json.getBytes(StandardCharsets.UTF_8)).nodes().get(0).linkTarget().bytes())
                .containsExactly(target);
    }

    @Test
    void decodingIgnoresUnknownFieldsAcceptsOffsetsAndSorts() throws IOException {
        String json = "{\"nodes\":[{\"name\":\"b\",\"type\":\"file\",\"mtime\":\"2026-11-21T21:27:58.5+01:00\","
                + "\"generic_attributes\":{\"windows.x\":\"abc\"},\"Content\":[],\"path\":\"/x\"},"
                + "{\"name\":\"a\",\"type\":\"symlink\",\"linktarget\":\"lost\ufffd\",\"linktarget_raw\":\"/w==\"}],"
                + "\"extra\":[1,{\"y\":2}]}";
        Tree tree = TreeCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(tree.nodes()).extracting(Node::name).containsExactly(Name.of("a"), Name.of("b"));
        assertThat(tree.nodes().get(0).linkTarget().bytes()).containsExactly(0xff);
        Node b = tree.nodes().get(1);
        assertThat(b.mtime()).isEqualTo(Instant.parse("2026-11-21T20:27:58.5Z"));
        assertThat(b.atime()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(b.content()).isEmpty();
    }

    @Test
    void malformedTreesAreRejectedWithReasons() {
        assertRejected("", "empty document");
        assertRejected("{\"nodes\":[", "invalid JSON");
        assertRejected("[]", "expected a JSON object");
        assertRejected("{\"nodes\":[{\"type\":\"file\"}]}", "node without a name");
        assertRejected("{\"nodes\":[{\"name\":\"a\\\"\",\"type\":\"file\"}]}", "not Go-quoted");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"door\"}]}", "unknown node type 'door'");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"uid\":-1}]}", "unsigned");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"uid\":4294967296}]}", "overflows uint32");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"size\":1.5}]}", "unsigned");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"mtime\":\"yesterday\"}]}", "RFC 3339");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[\"abc\"]}]}", "64-hex");
        assertRejected("{\"nodes\":[{\"name\":\"a\",\"type\":\"file\"},{\"name\":\"a\",\"type\":\"file\"}]}",
                "without duplicates");
        assertRejected("{\"nodes\":[]} x", "invalid JSON");
    }

    @Test
    void invalidUtf8InTheDocumentIsReadAsReplacementCharacters() throws IOException {
        byte[] json = "{\"nodes\":[{\"name\":\"a?\",\"type\":\"file\",\"user\":\"u?\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        json[20] = (byte) 0xff;
        Node n = TreeCodec.decode(json).nodes().get(0);
        assertThat(n.name().bytes()).containsExactly('a', 0xef, 0xbf, 0xbd);
    }

    @Test
    void hugeUnsignedValuesSurvive() throws IOException {
        Node n = node("big", NodeType.FILE).inode(-1L).size(Long.MIN_VALUE).uid(4294967295L).content(List.of())
                .build();
        byte[] json = TreeCodec.encode(new Tree(List.of(n)));
        assertThat(str(json)).contains("\"uid\":4294967295,").contains("\"inode\":18446744073709551615,")
                .contains("\"size\":9223372036854775808,");
        assertThat(TreeCodec.decode(json).nodes().get(0)).isEqualTo(n);
    }

    /** The IDs {@link TreeCodec#forEachReference} reports, as "content ID" and "subtree ID" lines in order. */
    private static List<String> references(byte[] json) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        TreeCodec.forEachReference(json, new dev.cairn.repository.Repository.TreeReferences() {
            @Override
            public void content(Id blob) {
                out.add("content " + blob.hex());
            }

            @Override
            public void subtree(Id tree) {
                out.add("subtree " + tree.hex());
            }
        });
        return out;
    }

    /** The same lines from a full decode: what the reference scan must agree with. */
    private static List<String> decodedReferences(byte[] json) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (Node n : TreeCodec.decode(json).nodes()) {
            if (n.content() != null) {
                n.content().forEach(id -> out.add("content " + id.hex()));
            }
            if (n.subtree() != null) {
                out.add("subtree " + n.subtree().hex());
            }
        }
        return out;
    }

    @Test
    void referenceScanFindsWhatDecodingFinds() throws IOException {
        Id sub = Id.hash("sub".getBytes(StandardCharsets.UTF_8));
        Id other = Id.hash("other".getBytes(StandardCharsets.UTF_8));
        byte[] encoded = TreeCodec.encode(new Tree(List.of(
                node("a", NodeType.FILE).content(List.of(BLOB, other, BLOB)).build(),
                node("b", NodeType.DIR).mode(Node.MODE_DIR | 0755).subtree(sub).build(),
                node("c", NodeType.FILE).content(List.of()).build(),
                node("d", NodeType.SYMLINK).linkTarget(Name.of("x")).build())));
        assertThat(references(encoded)).isEqualTo(decodedReferences(encoded)).containsExactly(
                "content " + BLOB.hex(), "content " + other.hex(), "content " + BLOB.hex(), "subtree " + sub.hex());
        // restic 0.14's own bytes, names that need escaping included
        byte[] restic = Files.readAllBytes(REFERENCE);
        assertThat(references(restic)).isEqualTo(decodedReferences(restic)).isNotEmpty();
        // Go's rules as in decode: member names in any case, null as absent, unknown members at any depth skipped
        String json = "{\"extra\":{\"nodes\":[{\"subtree\":\"" + other.hex() + "\"}]},\"Nodes\":[{\"name\":\"b\","
                + "\"type\":\"dir\",\"generic_attributes\":{\"content\":[\"" + other.hex() + "\"]},"
                + "\"SubTree\":\"" + sub.hex() + "\",\"content\":null},{\"name\":\"a\",\"type\":\"file\","
                + "\"CONTENT\":[\"" + BLOB.hex() + "\"],\"subtree\":null}]}";
        assertThat(references(json.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("subtree " + sub.hex(), "content " + BLOB.hex());
        assertThat(references("{\"nodes\":null}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void referenceScanRejectsWhatItCannotRead() {
        for (String json : List.of("", "{\"nodes\":[", "[]", "{\"nodes\":[{\"content\":[\"abc\"]}]}",
                "{\"nodes\":[{\"content\":[null]}]}", "{\"nodes\":[{\"subtree\":7}]}", "{\"nodes\":[1]}",
                "{\"nodes\":[]} x")) {
            assertThatThrownBy(() -> references(json.getBytes(StandardCharsets.UTF_8))).as(json)
                    .isInstanceOf(RepositoryException.Corrupt.class).hasMessageStartingWith("tree: ");
        }
    }

    private static void assertRejected(String json, String reason) {
        assertThatThrownBy(() -> TreeCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RepositoryException.Corrupt.class).hasMessageStartingWith("tree: ")
                .hasMessageContaining(reason);
    }

    private static Node.Builder node(String name, NodeType type) {
        return Node.builder(Name.of(name), type).mtime(T).atime(T).ctime(T).uid(1000).gid(100).user("u").group("g")
                .inode(7).deviceId(65024);
    }
}
