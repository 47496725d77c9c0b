package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads what the real restic 0.14 writes and requires the codecs to reproduce it. */
class ResticInteropTest {

    private static final String MAKE_SOURCE = """
            mkdir -p src/sub/deeper src/sticky
            printf 'hello restic\\n' > src/small.txt
            : > src/empty
            ln -s small.txt src/link
            ln -s "$(printf '../t\\001<&>')" src/oddlink
            ln src/small.txt src/hardlink
            printf 'x' > src/sub/inner
            head -c 3000000 /dev/zero > src/sub/deeper/zeros
            for n in 'a"b' 'back\\slash' "$(printf 'tab\\tname')" '<html>&amp' 'café' "$(printf 'bad\\377byte')" \\
                     "$(printf 'line\\342\\200\\250sep')" "$(printf 'ctrl\\001x')" 'sp ace' "$(printf 'nb\\302\\240sp')"; do
              printf 'y' > "src/sub/$n"
            done
            mkfifo src/fifo
            chmod 4755 src/small.txt
            chmod 1777 src/sticky
            chmod 0700 src/sub/deeper
            """;

    @TempDir
    Path tmp;

    @Test
    void decodesAndReproducesWhatRestic014Writes() throws Exception {
        ResticCli.requireRestic();
        Path repo = tmp.resolve("repo");
        ResticCli restic = new ResticCli(repo, tmp);
        restic.shell(MAKE_SOURCE);
        restic.run("init");
        restic.run("backup", tmp.resolve("src").toString());

        String snapshotId = lines(restic.run("list", "snapshots")).get(0);
        byte[] snapshotJson = ResticCli.compact(restic.run("cat", "snapshot", snapshotId));
        Snapshot snapshot = SnapshotCodec.decode(snapshotJson);
        assertThat(snapshot.paths()).containsExactly(tmp.resolve("src").toString());
        assertThat(snapshot.hostname()).isNotEmpty();
        assertThat(SnapshotCodec.encode(snapshot)).asString(StandardCharsets.UTF_8)
                .isEqualTo(new String(snapshotJson, StandardCharsets.UTF_8));

        Map<Name, Node> seen = new HashMap<>();
        int trees = checkTreesFrom(restic, snapshot.tree(), seen);
        assertThat(trees).isGreaterThanOrEqualTo(5);
        checkSourceNodes(seen);

        Map<Id, List<PackedBlob>> indexed = checkIndexes(restic);
        checkConfigKeysAndPacks(restic, repo, indexed);
    }

    /** Every tree restic wrote must decode and re-encode to the same bytes. Returns how many were checked. */
    private int checkTreesFrom(ResticCli restic, Id treeId, Map<Name, Node> seen) throws Exception {
        byte[] blob = restic.run("cat", "blob", treeId.hex());
        assertThat(Id.hash(blob)).isEqualTo(treeId);
        Tree tree = TreeCodec.decode(blob);
        assertThat(TreeCodec.encode(tree)).asString(StandardCharsets.UTF_8)
                .as("tree %s", treeId).isEqualTo(new String(blob, StandardCharsets.UTF_8));
        assertThat(TreeCodec.encode(tree)).as("tree %s", treeId).isEqualTo(blob);
        int count = 1;
        for (Node n : tree.nodes()) {
            seen.put(n.name(), n);
            if (n.isDir()) {
                count += checkTreesFrom(restic, n.subtree(), seen);
            }
        }
        return count;
    }

    private static void checkSourceNodes(Map<Name, Node> seen) {
        Node small = seen.get(Name.of("small.txt"));
        assertThat(small.mode()).isEqualTo(Node.MODE_SETUID | 0755);
        assertThat(small.size()).isEqualTo(13);
        assertThat(small.links()).isEqualTo(2);
        assertThat(small.content()).hasSize(1);
        assertThat(seen.get(Name.of("empty")).content()).isEmpty();
        assertThat(seen.get(Name.of("link")).linkTarget()).isEqualTo(Name.of("small.txt"));
        assertThat(seen.get(Name.of("oddlink")).linkTarget()).isEqualTo(Name.of("../t\u0001<&>"));
        assertThat(seen.get(Name.of("fifo")).type()).isEqualTo(NodeType.FIFO);
        assertThat(seen.get(Name.of("sticky")).mode()).isEqualTo(Node.MODE_DIR | Node.MODE_STICKY | 0777);
        assertThat(seen.get(Name.of("deeper")).mode()).isEqualTo(Node.MODE_DIR | 0700);
        assertThat(seen.get(Name.of("zeros")).content()).hasSizeGreaterThan(1);
        assertThat(seen).containsKeys(Name.of("a\"b"), Name.of("back\\slash"), Name.of("tab\tname"),
                Name.of("<html>&amp"), Name.of("café"), Name.of(new byte[] {'b', 'a', 'd', (byte) 0xff, 'b', 'y', 't',
                        'e'}), Name.of("line\u2028sep"), Name.of("ctrl\u0001x"), Name.of("sp ace"),
                Name.of("nb\u00a0sp"));
    }

    private Map<Id, List<PackedBlob>> checkIndexes(ResticCli restic) throws Exception {
        Map<Id, List<PackedBlob>> byPack = new HashMap<>();
        for (String indexId : lines(restic.run("list", "index"))) {
            byte[] json = restic.run("cat", "index", indexId);
            List<IndexPack> packs = IndexCodec.decode(json);
            assertThat(packs).isNotEmpty();
            List<IndexPack> again = IndexCodec.decode(IndexCodec.encode(packs));
            assertThat(again).isEqualTo(packs);
            for (IndexPack p : packs) {
                assertThat(p.blobs()).allMatch(PackedBlob::compressed);
                byPack.put(p.packId(), p.blobs());
            }
        }
        assertThat(byPack).isNotEmpty();
        return byPack;
    }

    private void checkConfigKeysAndPacks(ResticCli restic, Path repo, Map<Id, List<PackedBlob>> indexed)
            throws Exception {
        byte[] configJson = ResticCli.compact(restic.run("cat", "config"));
        RepoConfig config = ConfigCodec.decode(configJson);
        assertThat(config.version()).isEqualTo(2);
        assertThat(ConfigCodec.encode(config)).isEqualTo(configJson);

        try (Stream<Path> keys = Files.list(repo.resolve("keys"))) {
            for (Path keyFile : keys.toList()) {
                byte[] raw = Files.readAllBytes(keyFile);
                assertThat(Id.hash(raw).hex()).isEqualTo(keyFile.getFileName().toString());
                KeyDocument key = KeyCodec.decode(raw);
                assertThat(key.kdf()).isEqualTo("scrypt");
                assertThat(key.salt()).hasSize(64);
                assertThat(KeyCodec.encode(key)).asString(StandardCharsets.UTF_8)
                        .isEqualTo(new String(raw, StandardCharsets.UTF_8));
            }
        }

        byte[] masterJson = ResticCli.compact(restic.run("cat", "masterkey"));
        MasterKeyDocument master = KeyCodec.decodeMasterKey(masterJson);
        assertThat(KeyCodec.encodeMasterKey(master)).isEqualTo(masterJson);

        for (Map.Entry<Id, List<PackedBlob>> e : indexed.entrySet()) {
            Id pack = e.getKey();
            Path file = repo.resolve("data").resolve(pack.hex().substring(0, 2)).resolve(pack.hex());
            byte[] bytes = Files.readAllBytes(file);
            assertThat(PackHeaderCodec.packSize(e.getValue())).isEqualTo(bytes.length);
            int headerLength = PackHeaderCodec.decodeHeaderLength(bytes, bytes.length, pack);
            byte[] sealed = Arrays.copyOfRange(bytes, bytes.length - 4 - headerLength, bytes.length - 4);
            List<PackedBlob> fromHeader = PackHeaderCodec.decodeHeader(decrypt(master, sealed), pack);
            assertThat(new HashSet<>(fromHeader)).isEqualTo(new HashSet<>(e.getValue()));
            assertThat(PackHeaderCodec.encodeHeader(fromHeader)).isEqualTo(decrypt(master, sealed));
        }
    }

    /** AES-256-CTR of {@code IV ‖ CT ‖ MAC}; the MAC is not checked here, the header's parse is the check. */
    private static byte[] decrypt(MasterKeyDocument key, byte[] sealed) throws Exception {
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.encrypt(), "AES"),
                new IvParameterSpec(Arrays.copyOf(sealed, 16)));
        return c.doFinal(sealed, 16, sealed.length - 32);
    }

    private static List<String> lines(byte[] out) {
        List<String> list = new ArrayList<>();
        for (String l : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                list.add(l.trim());
            }
        }
        return list;
    }
}
