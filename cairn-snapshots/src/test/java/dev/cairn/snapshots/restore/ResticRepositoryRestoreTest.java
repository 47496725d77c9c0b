package dev.cairn.snapshots.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restores repositories written by the real restic 0.14 and compares with the source and with restic restore. */
class ResticRepositoryRestoreTest {

    static final String PASSWORD = "cairn-restore-test";

    @TempDir
    static Path tmp;

    static Path src;
    static Path repoDir;
    static Restic restic;

    @BeforeAll
    static void backUpTrickyTree() throws Exception {
        Restic.require();
        src = tmp.resolve("src");
        repoDir = tmp.resolve("repo");
        long seed = 20240601L;
        TrickyTree.create(src, seed);
        restic = new Restic(repoDir, PASSWORD);
        restic.ok("init");
        restic.ok("backup", src.toString());
    }

    static Repository open(Path dir) throws IOException {
        return Repositories.open(Storages.local(dir), PASSWORD.toCharArray(),
                RepositoryOptions.defaults());
    }

    static Snapshot latest(Repository repo) throws IOException {
        var all = repo.listSnapshots();
        return all.get(all.size() - 1).snapshot();
    }

    @Test
    void restoresEverythingExactlyAsTheSourceAndAsResticDoes() throws Exception {
        Path cairnOut = tmp.resolve("cairn-out");
        try (Repository repo = open(repoDir)) {
            RestoreResult r = new Restorer(repo, new Progress("restore"), Warnings.IGNORE)
                    .restore(latest(repo), src.toString(), cairnOut, RestoreOptions.defaults().withVerify(true));
            assertThat(r.failures()).isEmpty();
        }
        TreeComparison.assertSame(src, cairnOut);
        assertThat(Files.getAttribute(cairnOut.resolve("hard/one"), "unix:ino"))
                .isEqualTo(Files.getAttribute(cairnOut.resolve("hard/two"), "unix:ino"))
                .isEqualTo(Files.getAttribute(cairnOut.resolve("hard-three"), "unix:ino"));
        long allocated = RestorerTest.allocatedBytes(cairnOut.resolve("sparse.img"));
        assertThat(allocated).as("sparse file stays sparse").isLessThan(TrickyTree.SPARSE / 8);

        Path resticOut = tmp.resolve("restic-out");
        restic.ok("restore", "latest", "--target", resticOut.toString());
        Path resticRestored = resticOut.resolve(src.toString().substring(1));
        TreeComparison.assertSame(resticRestored, cairnOut);
    }

    @Test
    void restoresExactlyInBatchesOfOneEntry() throws Exception {
        // every file, hardlink and symlink in its own batch: directories made, contents written, links and
        // metadata applied and verify run across batch boundaries
        Path out = tmp.resolve("batched");
        try (Repository repo = open(repoDir)) {
            RestoreResult r = new Restorer(repo, new Progress("restore"), Warnings.IGNORE, 1)
                    .restore(latest(repo), src.toString(), out, RestoreOptions.defaults().withVerify(true));
            assertThat(r.failures()).isEmpty();
        }
        TreeComparison.assertSame(src, out);
        assertThat(Files.getAttribute(out.resolve("hard/one"), "unix:ino"))
                .isEqualTo(Files.getAttribute(out.resolve("hard/two"), "unix:ino"))
                .isEqualTo(Files.getAttribute(out.resolve("hard-three"), "unix:ino"));
    }

    @Test
    void restoresAgainIntoItselfWithoutRewriting() throws Exception {
        Path out = tmp.resolve("again");
        try (Repository repo = open(repoDir)) {
            Restorer restorer = new Restorer(repo, new Progress("restore"), Warnings.IGNORE);
            restorer.restore(latest(repo), src.toString(), out, RestoreOptions.defaults());
            RestoreResult second = restorer.restore(latest(repo), src.toString(), out, RestoreOptions.defaults());
            assertThat(second.failures()).isEmpty();
            assertThat(second.bytesWritten()).isZero();
            assertThat(second.filesRestored()).isZero();
        }
        TreeComparison.assertSame(src, out);
    }

    @Test
    void aCorruptPackFailsOnlyTheFilesThatNeedIt() throws Exception {
        Path copy = tmp.resolve("repo-copy");
        copyTree(repoDir, copy);
        Path out = tmp.resolve("corrupt-out");
        try (Repository repo = open(copy)) {
            Snapshot snap = latest(repo);
            Node big = SnapshotPaths.node(repo, snap, src.resolve("big.bin").toString());
            PackedBlob blob = repo.lookup(BlobType.DATA, big.content().get(1));
            Path pack = copy.resolve("data").resolve(blob.pack().hex().substring(0, 2)).resolve(blob.pack().hex());
            try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
                long pos = blob.offset() + blob.length() / 2;
                f.seek(pos);
                int b = f.read();
                f.seek(pos);
                f.write(b ^ 0x40);
            }
            RestoreResult r = new Restorer(repo, new Progress("restore"), Warnings.IGNORE)
                    .restore(snap, src.toString(), out, RestoreOptions.defaults());
            assertThat(r.complete()).isFalse();
            assertThat(r.failures()).singleElement().asString().startsWith("/big.bin: ");
        }
        var expected = TreeComparison.describe(src);
        var actual = TreeComparison.describe(out);
        expected.remove("big.bin");
        actual.remove("big.bin");
        expected.remove(""); // none, but keep the maps comparable
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void includesExcludesAndSubpathOnAResticRepository() throws Exception {
        Path out = tmp.resolve("filtered");
        try (Repository repo = open(repoDir)) {
            new Restorer(repo, new Progress("restore"), Warnings.IGNORE).restore(latest(repo),
                    src.resolve("hard").toString(), out, RestoreOptions.defaults().withExcludes(List.of("two")));
        }
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("one");
        }
        assertThat(out.resolve("one")).hasContent("shared inode");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
    }
}
