package dev.cairn.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the real restic 0.14: each reads and checks what the other writes. */
class ResticInteropTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void restic() {
        Restic.require();
    }

    @Test
    void resticChecksAndRestoresWhatCairnWrites() throws Exception {
        Path repoDir = tmp.resolve("repo");
        Random random = new Random(1);
        byte[] big = new byte[3 << 20];
        random.nextBytes(big);
        byte[] text = "hello restic\n".repeat(20_000).getBytes();
        Instant mtime = Instant.parse("2025-06-01T12:00:00.5Z");
        try (Repository repo = Repositories.init(Storages.local(repoDir), "pw".toCharArray(),
                RepositoryOptions.defaults(), RepositoryTest.CHEAP)) {
            List<Id> bigChunks = new ArrayList<>();
            for (int off = 0; off < big.length; off += 1 << 20) {
                byte[] chunk = java.util.Arrays.copyOfRange(big, off, off + (1 << 20));
                Id id = Id.hash(chunk);
                repo.saveBlob(BlobType.DATA, id, chunk);
                bigChunks.add(id);
            }
            repo.saveBlob(BlobType.DATA, Id.hash(text), text);
            Node bigNode = Node.builder(Name.of("big.bin"), NodeType.FILE).mode(0600).mtime(mtime).atime(mtime)
                    .ctime(mtime).size(big.length).links(1).content(bigChunks).build();
            Node textNode = Node.builder(Name.of("notes <&>.txt"), NodeType.FILE).mode(0644).mtime(mtime)
                    .atime(mtime).ctime(mtime).size(text.length).links(1).content(List.of(Id.hash(text))).build();
            Node empty = Node.builder(Name.of("empty"), NodeType.FILE).mode(0644).mtime(mtime).atime(mtime)
                    .ctime(mtime).links(1).content(List.of()).build();
            Id sub = repo.saveTree(Tree.ofUnsorted(List.of(bigNode, textNode, empty)));
            Node dir = Node.builder(Name.of("site"), NodeType.DIR).mode(Node.MODE_DIR | 0755).mtime(mtime)
                    .atime(mtime).ctime(mtime).subtree(sub).build();
            Id root = repo.saveTree(new Tree(List.of(dir)));
            repo.flush();
            repo.saveSnapshot(new Snapshot(Instant.now(), null, root, List.of("/site"), "cairn-test", "root", 0, 0,
                    null, List.of("interop"), null, "cairn test", null));
        }
        Restic restic = new Restic(repoDir, "pw");
        String check = restic.ok("check", "--read-data");
        assertThat(check).contains("no errors were found");
        Path target = tmp.resolve("restored");
        restic.ok("restore", "latest", "--target", target.toString());
        assertThat(Files.readAllBytes(target.resolve("site/big.bin"))).isEqualTo(big);
        assertThat(Files.readAllBytes(target.resolve("site/notes <&>.txt"))).isEqualTo(text);
        assertThat(Files.size(target.resolve("site/empty"))).isZero();
        assertThat(Files.getLastModifiedTime(target.resolve("site/big.bin")).toInstant()).isEqualTo(mtime);
    }

    @Test
    void cairnReadsWhatResticWrites() throws Exception {
        Path repoDir = tmp.resolve("restic-repo");
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("sub"));
        byte[] payload = new byte[5 << 20];
        new Random(3).nextBytes(payload);
        Files.write(data.resolve("sub/payload.bin"), payload);
        Files.writeString(data.resolve("readme.txt"), "restic wrote this\n");
        Restic restic = new Restic(repoDir, "secret");
        restic.ok("init");
        restic.ok("backup", "--tag", "first", data.toString());
        try (Repository repo = Repositories.open(Storages.local(repoDir), "secret".toCharArray(),
                RepositoryOptions.defaults())) {
            List<SnapshotRef> snapshots = repo.listSnapshots();
            assertThat(snapshots).hasSize(1);
            Snapshot s = snapshots.get(0).snapshot();
            assertThat(s.tags()).containsExactly("first");
            assertThat(s.paths()).containsExactly(data.toString());
            Tree tree = repo.loadTree(s.tree());
            for (Path part : data) {
                Node n = tree.find(Name.of(part.toString()));
                assertThat(n).as("path component %s", part).isNotNull();
                tree = repo.loadTree(n.subtree());
            }
            Node sub = tree.find(Name.of("sub"));
            Node file = repo.loadTree(sub.subtree()).find(Name.of("payload.bin"));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (Id chunk : file.content()) {
                out.write(repo.loadBlob(BlobType.DATA, chunk));
            }
            assertThat(out.toByteArray()).isEqualTo(payload);
        }
        assertThat(restic.ok("check")).contains("no errors were found");
    }
}
