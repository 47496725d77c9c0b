package dev.cairn.snapshots.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.storage.FaultInjectingStorage;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cairn backups checked and restored by the real restic 0.14, and compared with restic's own backup. */
class ResticInteropTest {

    static final String PASSWORD = "interop-secret";

    @TempDir
    Path tmp;

    @BeforeEach
    void restic() {
        Restic.require();
    }

    private Repository init(Path dir) throws IOException {
        return Repositories.init(Storages.local(dir), PASSWORD.toCharArray(),
                RepositoryOptions.defaults(), new ScryptParams(16, 1, 1));
    }

    @Test
    void resticChecksAndRestoresCairnBackupByteIdentically() throws Exception {
        Path src = tmp.resolve("src");
        Fixtures.trickyTree(src, 11);
        Path repoDir = tmp.resolve("repo");
        try (Repository repo = init(repoDir)) {
            BackupResult r = new Archiver(repo, BackupOptions.defaults(), new Progress("t"), Warnings.IGNORE)
                    .backup(List.of(src));
            assertThat(r.incomplete()).isFalse();
        }
        new Restic(repoDir, PASSWORD).ok("check", "--read-data");
        Path target = tmp.resolve("restored");
        new Restic(repoDir, PASSWORD).ok("restore", "latest", "--target", target.toString());
        Path restored = target.resolve(tmp.getRoot().relativize(src));
        try (var walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path q = restored.resolve(src.relativize(p));
                var a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
                var b = Files.readAttributes(q, "unix:*", LinkOption.NOFOLLOW_LINKS);
                assertThat(b.get("mode")).as(p.toString()).isEqualTo(a.get("mode"));
                if (!Files.isSymbolicLink(p)) {
                    assertThat(b.get("lastModifiedTime")).as(p.toString()).isEqualTo(a.get("lastModifiedTime"));
                }
                if (Files.isSymbolicLink(p)) {
                    assertThat(Files.readSymbolicLink(q)).isEqualTo(Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertThat(Files.mismatch(p, q)).as(p.toString()).isEqualTo(-1L);
                }
            }
        }
        assertThat(Files.readAttributes(restored.resolve("a/large.bin"), "unix:ino"))
                .isEqualTo(Files.readAttributes(restored.resolve("a/hardlink.bin"), "unix:ino"));
    }

    @Test
    void cairnNodesEqualResticNodes() throws Exception {
        Path src = tmp.resolve("src");
        Fixtures.trickyTree(src, 12);
        Path cairnDir = tmp.resolve("cairn-repo");
        Path resticDir = tmp.resolve("restic-repo");
        new Restic(resticDir, PASSWORD).ok("init");
        new Restic(resticDir, PASSWORD).ok("backup", src.toString());
        try (Repository cairn = init(cairnDir);
                Repository restic = Repositories.open(Storages.local(resticDir),
                        PASSWORD.toCharArray(), RepositoryOptions.defaults())) {
            BackupResult r = new Archiver(cairn, BackupOptions.defaults(), new Progress("t"), Warnings.IGNORE)
                    .backup(List.of(src));
            SnapshotRef theirs = restic.listSnapshots().get(0);
            assertThat(r.snapshot().paths()).isEqualTo(theirs.snapshot().paths());
            Node ourRoot = Fixtures.find(cairn, r.snapshot().tree(), src);
            Node theirRoot = Fixtures.find(restic, theirs.snapshot().tree(), src);
            assertThat(withoutBlobs(ourRoot)).isEqualTo(withoutBlobs(theirRoot));
            Map<String, Node> ours = Fixtures.nodes(cairn, ourRoot.subtree());
            Map<String, Node> their = Fixtures.nodes(restic, theirRoot.subtree());
            assertThat(ours.keySet()).containsExactlyElementsOf(their.keySet());
            for (String path : ours.keySet()) {
                Node o = ours.get(path);
                Node t = their.get(path);
                // Blob IDs differ where chunk boundaries differ: each repository has its own chunker polynomial.
                assertThat(withoutBlobs(o)).as(path).isEqualTo(withoutBlobs(t));
                if (o.isFile()) {
                    assertThat(Fixtures.content(cairn, o)).as(path).isEqualTo(Fixtures.content(restic, t));
                }
            }
        }
    }

    @Test
    void diskFullLeavesNoSnapshotAndACheckableRepository() throws Exception {
        Path src = tmp.resolve("src");
        Fixtures.trickyTree(src, 13);
        Path repoDir = tmp.resolve("repo");
        init(repoDir).close();
        FaultInjectingStorage faulty = new FaultInjectingStorage(Storages.local(repoDir)).diskFullAfter(20 << 20);
        try (Repository repo = Repositories.open(faulty, PASSWORD.toCharArray(),
                RepositoryOptions.defaults())) {
            assertThatThrownBy(() -> new Archiver(repo, BackupOptions.defaults(), new Progress("t"),
                    Warnings.IGNORE).backup(List.of(src))).isInstanceOf(IOException.class);
            assertThat(repo.listSnapshots()).isEmpty();
        }
        new Restic(repoDir, PASSWORD).ok("check");
        assertThat(new Restic(repoDir, PASSWORD).ok("snapshots", "--json").trim()).isEqualTo("[]");
    }

    private static Node withoutBlobs(Node n) {
        return n.toBuilder().content(null).subtree((Id) null).build();
    }
}
