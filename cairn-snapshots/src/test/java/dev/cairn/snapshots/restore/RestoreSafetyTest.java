package dev.cairn.snapshots.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.restore.RestoreOptions.Overwrite;
import dev.cairn.snapshots.testing.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted snapshots and hostile targets: nothing may be written outside the target. */
class RestoreSafetyTest {

    @TempDir
    Path tmp;

    final Repository repo = TestRepository.create();
    final TestTrees t = new TestTrees(repo, 1024);
    final List<String> warned = new ArrayList<>();
    final Restorer restorer = new Restorer(repo, new Progress("restore"), (p, m) -> warned.add(p + ": " + m));

    /** A tree saved as-is (Tree itself only checks the order), to smuggle names an archiver never writes. */
    Snapshot rawSnapshot(Node... nodes) throws IOException {
        var root = repo.saveTree(Tree.ofUnsorted(List.of(nodes)));
        repo.flush();
        return new Snapshot(TestTrees.T0, null, root, List.of("/"), "h", "u", 0, 0, null, null, null, null, null);
    }

    @Test
    void namesThatLeaveTheirDirectoryAreRefusedAndTheRestIsRestored() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = tmp.resolve("target/inner");
        Node evil = t.file("x", "evil".getBytes());
        Snapshot s = rawSnapshot(
                evil.toBuilder().name(Name.of("..")).build(),
                t.dir(".", t.file("dot", "d".getBytes())),
                evil.toBuilder().name(Name.of("../../outside/escaped")).build(),
                evil.toBuilder().name(Name.of("/etc/passwd-cairn-test")).build(),
                evil.toBuilder().name(Name.of("a/b")).build(),
                evil.toBuilder().name(Name.of(new byte[] {'n', 0, 'l'})).build(),
                t.file("fine", "ok".getBytes()));

        RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults());

        assertThat(target.resolve("fine")).hasContent("ok");
        assertThat(r.complete()).isFalse();
        assertThat(r.failures()).hasSize(6).allMatch(f -> f.contains("refused"));
        assertThat(Path.of("/etc/passwd-cairn-test")).doesNotExist();
        assertThat(listAll(tmp)).allMatch(p -> p.startsWith(target) || p.equals(outside)
                || p.equals(tmp.resolve("target")));
        assertThat(warned).hasSize(6);
    }

    @Test
    void aSymlinkFromOneSnapshotIsNeverFollowedByTheNext() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = tmp.resolve("target");
        restorer.restore(t.snapshot(t.symlink("x", outside.toString())), "", target, RestoreOptions.defaults());
        assertThat(Files.isSymbolicLink(target.resolve("x"))).isTrue();

        for (Overwrite mode : List.of(Overwrite.IF_CHANGED, Overwrite.ALWAYS, Overwrite.IF_NEWER)) {
            Snapshot second = t.snapshot(t.dir("x", t.file("evil", "evil".getBytes())));
            RestoreResult r = restorer.restore(second, "", target, RestoreOptions.defaults().withOverwrite(mode));
            assertThat(r.failures()).as(mode.name()).isEmpty();
            assertThat(outside).isEmptyDirectory();
            assertThat(Files.isSymbolicLink(target.resolve("x"))).isFalse();
            assertThat(target.resolve("x/evil")).hasContent("evil");
            restorer.restore(t.snapshot(t.symlink("x", outside.toString())), "", tmp.resolve("fresh-" + mode),
                    RestoreOptions.defaults());
            Files.delete(target.resolve("x/evil"));
            Files.delete(target.resolve("x"));
            Files.createSymbolicLink(target.resolve("x"), outside);
        }

        RestoreResult never = restorer.restore(t.snapshot(t.dir("x", t.file("evil", "e".getBytes()))), "", target,
                RestoreOptions.defaults().withOverwrite(Overwrite.NEVER));
        assertThat(never.failures()).singleElement().asString().contains("/x").contains("NEVER");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void existingSymlinksAndHardlinksWhereAFileGoesAreReplacedNotWrittenThrough() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "do not touch");
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.createSymbolicLink(target.resolve("viaSymlink"), secret);
        Files.createLink(target.resolve("viaHardlink"), secret);
        Snapshot s = t.snapshot(t.file("viaSymlink", "new1".getBytes()), t.file("viaHardlink", "new2".getBytes()));

        for (Overwrite mode : List.of(Overwrite.IF_NEWER, Overwrite.NEVER)) {
            // the existing entries are newer than the snapshot: kept as they are, and not written through
            RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults().withOverwrite(mode));
            assertThat(r.filesSkipped()).isEqualTo(2);
            assertThat(secret).hasContent("do not touch");
            assertThat(Files.isSymbolicLink(target.resolve("viaSymlink"))).isTrue();
        }
        for (Overwrite mode : List.of(Overwrite.ALWAYS, Overwrite.IF_CHANGED)) {
            RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults().withOverwrite(mode));
            assertThat(r.failures()).isEmpty();
            assertThat(secret).hasContent("do not touch");
            assertThat(Files.isSymbolicLink(target.resolve("viaSymlink"))).isFalse();
            assertThat(target.resolve("viaSymlink")).hasContent("new1");
            assertThat(target.resolve("viaHardlink")).hasContent("new2");
            Files.delete(target.resolve("viaSymlink"));
            Files.delete(target.resolve("viaHardlink"));
            Files.createSymbolicLink(target.resolve("viaSymlink"), secret);
            Files.createLink(target.resolve("viaHardlink"), secret);
        }
    }

    @Test
    void aSymlinkNodeThenAFileThroughItCannotEscape() throws IOException {
        // A tree cannot hold "x" twice, so the path "x/evil" only exists as a refused name; and symlinks are
        // created after all file contents, so nothing is ever written below one.
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Node evil = t.file("x", "evil".getBytes()).toBuilder().name(Name.of("x/evil")).build();
        Snapshot s = rawSnapshot(t.symlink("x", outside.toString()), evil);
        RestoreResult r = restorer.restore(s, "", tmp.resolve("target"), RestoreOptions.defaults());
        assertThat(outside).isEmptyDirectory();
        assertThat(r.failures()).singleElement().asString().contains("x/evil");
        assertThat(Files.isSymbolicLink(tmp.resolve("target/x"))).isTrue();
    }

    @Test
    void aHardlinkNodeCannotPointOutsideTheRestore() throws IOException {
        // Hardlinks are made only to the first restored path of the same inode inside this restore.
        Node a = t.hardlink(t.file("a", "content".getBytes()), "a", 99);
        Snapshot s = t.snapshot(a, t.hardlink(a, "b", 99),
                Node.builder(Name.of("c"), NodeType.FILE).links(2).inode(5).deviceId(42).size(0)
                        .content(List.of()).build());
        Path target = tmp.resolve("target");
        RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults());
        assertThat(r.failures()).isEmpty();
        assertThat(target.resolve("b")).hasContent("content");
        assertThat(target.resolve("c")).isEmptyFile();
    }

    static List<Path> listAll(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).toList();
        }
    }
}
