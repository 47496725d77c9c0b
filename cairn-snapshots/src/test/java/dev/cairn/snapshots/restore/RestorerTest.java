package dev.cairn.snapshots.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.testing.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorerTest {

    @TempDir
    Path tmp;

    final Repository repo = TestRepository.create();
    final TestTrees t = new TestTrees(repo, 4096);
    final List<String> warned = new ArrayList<>();
    final Progress progress = new Progress("restore");
    final Restorer restorer = new Restorer(repo, progress, (p, m) -> warned.add(p + ": " + m));

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Object attr(Path p, String name) throws IOException {
        return Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void restoresContentsModesTimesLinksAndSpecialFiles() throws IOException {
        byte[] big = random(1, 50_000);
        Node big1 = t.hardlink(t.file("big", big), "big", 7);
        Snapshot s = t.snapshot(
                t.dir("d", t.file("a.txt", "hello".getBytes()), t.file("empty", new byte[0]),
                        t.dir("deep", t.dir("deeper", t.file("x", random(2, 9000))))),
                big1, t.hardlink(big1, "big-link", 7),
                t.symlink("link", "d/a.txt"), t.symlink("dangling", "../nowhere/"),
                t.file(dev.cairn.repository.Name.of("m"), "m".getBytes(), 04755, TestTrees.T0),
                t.dir(dev.cairn.repository.Name.of("sticky"), 01777),
                t.fifo("pipe"));
        Path target = tmp.resolve("out");

        RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults());

        assertThat(r.failures()).isEmpty();
        assertThat(r.complete()).isTrue();
        assertThat(Files.readAllBytes(target.resolve("big"))).isEqualTo(big);
        assertThat(Files.readString(target.resolve("d/a.txt"))).isEqualTo("hello");
        assertThat(Files.size(target.resolve("d/empty"))).isZero();
        assertThat(Files.readAllBytes(target.resolve("d/deep/deeper/x"))).isEqualTo(random(2, 9000));
        assertThat(attr(target.resolve("big"), "ino")).isEqualTo(attr(target.resolve("big-link"), "ino"));
        assertThat(Files.readSymbolicLink(target.resolve("link")).toString()).isEqualTo("d/a.txt");
        assertThat(Files.readSymbolicLink(target.resolve("dangling")).toString()).isEqualTo("../nowhere/");
        assertThat((int) attr(target.resolve("m"), "mode") & 07777).isEqualTo(04755);
        assertThat((int) attr(target.resolve("sticky"), "mode") & 07777).isEqualTo(01777);
        assertThat((int) attr(target.resolve("pipe"), "mode") & 0170000).isEqualTo(0010000);
        for (String p : List.of("d", "d/deep", "d/deep/deeper", "d/a.txt", "big", "pipe")) {
            assertThat(Files.getLastModifiedTime(target.resolve(p), LinkOption.NOFOLLOW_LINKS))
                    .as(p).isEqualTo(FileTime.from(TestTrees.T0));
        }
        assertThat(r.filesRestored()).isEqualTo(9); // 6 files incl. the hardlink, 2 symlinks, 1 fifo
        assertThat(r.dirsRestored()).isEqualTo(4);
        assertThat(r.bytesWritten()).isEqualTo(50_000 + 5 + 9000 + 1);
        assertThat(progress.view().bytesDone()).isEqualTo(r.bytesWritten());
        assertThat(progress.view().bytesTotal()).isEqualTo(r.bytesWritten());
    }

    @Test
    void zeroBlobsBecomeHoles() throws IOException, InterruptedException {
        byte[] content = new byte[4096 * 256]; // 1 MiB of zeros in 4 KiB blobs ...
        content[0] = 1; // ... except the first block
        Snapshot s = t.snapshot(t.file("sparse", content));
        Path target = tmp.resolve("out");
        restorer.restore(s, "", target, RestoreOptions.defaults());
        Path p = target.resolve("sparse");
        assertThat(Files.size(p)).isEqualTo(content.length);
        assertThat(java.util.Arrays.equals(Files.readAllBytes(p), content)).isTrue();
        assertThat(allocatedBytes(p)).isLessThan(64 * 1024);

        Path dense = tmp.resolve("dense");
        restorer.restore(s, "", dense, RestoreOptions.defaults().withSparse(false));
        assertThat(allocatedBytes(dense.resolve("sparse"))).isGreaterThanOrEqualTo(content.length);
    }

    static long allocatedBytes(Path p) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder("stat", "-c", "%b %B", p.toString()).start();
        String[] out = new String(proc.getInputStream().readAllBytes()).trim().split(" ");
        proc.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    @Test
    void damagedBlobsFailOnlyTheFilesThatNeedThem() throws IOException {
        byte[] bad = random(3, 20_000);
        Snapshot s = t.snapshot(t.file("bad", bad), t.file("good", random(4, 20_000)),
                t.file("also-good", "x".getBytes()));
        TestRepository.damage(repo, BlobType.DATA, Id.hash(java.util.Arrays.copyOfRange(bad, 4096, 8192)));
        Path target = tmp.resolve("out");

        RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults());

        assertThat(r.complete()).isFalse();
        assertThat(r.failures()).singleElement().asString().startsWith("/bad: ").contains("damaged");
        assertThat(warned).anyMatch(w -> w.startsWith("/bad"));
        assertThat(Files.readAllBytes(target.resolve("good"))).isEqualTo(random(4, 20_000));
        assertThat(Files.readString(target.resolve("also-good"))).isEqualTo("x");
    }

    @Test
    void aMissingPackFailsItsFiles() throws IOException {
        Node a = t.file("a", random(5, 4096 * 3));
        repo.flush(); // a's blobs in a pack of their own
        Snapshot s = t.snapshot(a, t.file("b", random(6, 100)));
        Id pack = repo.lookup(BlobType.DATA, Id.hash(random(5, 4096 * 3), 0, 4096)).pack();
        repo.storage().remove(TestRepository.packHandle(pack));
        RestoreResult r = restorer.restore(s, "", tmp.resolve("out"), RestoreOptions.defaults());
        assertThat(r.failures()).singleElement().asString().startsWith("/a: ").contains("could not be read");
        assertThat(Files.readAllBytes(tmp.resolve("out/b"))).isEqualTo(random(6, 100));
    }

    @Test
    void subpathIncludesAndExcludes() throws IOException {
        Snapshot s = t.snapshot(t.dir("srv", t.dir("www", t.file("index.html", "i".getBytes()),
                t.file("app.log", "l".getBytes()), t.dir("cache", t.file("c", "c".getBytes())))),
                t.file("other", "o".getBytes()));

        Path sub = tmp.resolve("sub");
        restorer.restore(s, "/srv/www", sub, RestoreOptions.defaults().withExcludes(List.of("*.log", "/cache")));
        assertThat(sub.resolve("index.html")).hasContent("i");
        assertThat(sub.resolve("app.log")).doesNotExist();
        assertThat(sub.resolve("cache")).doesNotExist();

        Path inc = tmp.resolve("inc");
        restorer.restore(s, "", inc, RestoreOptions.defaults().withIncludes(List.of("/srv/www/cache")));
        assertThat(inc.resolve("srv/www/cache/c")).hasContent("c");
        assertThat(inc.resolve("srv/www/index.html")).doesNotExist();
        assertThat(inc.resolve("other")).doesNotExist();
        assertThat(Files.getLastModifiedTime(inc.resolve("srv/www"))).isEqualTo(FileTime.from(TestTrees.T0));

        Path one = tmp.resolve("one");
        restorer.restore(s, "/other", one, RestoreOptions.defaults());
        assertThat(one.resolve("other")).hasContent("o");
    }

    @Test
    void verifyFindsAFileChangedAfterRestore() throws IOException {
        Snapshot s = t.snapshot(t.file("f", random(7, 10_000)), t.file("g", random(8, 10)));
        Path target = tmp.resolve("out");
        RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults().withVerify(true));
        assertThat(r.failures()).isEmpty();
        assertThat(restorer.verify(s, "", target, RestoreOptions.defaults())).isEmpty();

        byte[] changed = Files.readAllBytes(target.resolve("f"));
        changed[5000] ^= 1;
        Files.write(target.resolve("f"), changed);
        assertThat(restorer.verify(s, "", target, RestoreOptions.defaults()))
                .singleElement().asString().startsWith("/f: verify failed").contains("offset 4096");
    }

    @Test
    void anUnusableTargetIsAnIOExceptionNamingIt() throws IOException {
        Snapshot s = t.snapshot(t.file("f", "x".getBytes()));
        Path file = Files.writeString(tmp.resolve("file"), "in the way");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> restorer.restore(s, "", file, RestoreOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> restorer.restore(s, "", file.resolve("below"), RestoreOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining(file.resolve("below").toString());
    }

    @Test
    void missingSubpathIsReported() throws IOException {
        Snapshot s = t.snapshot(t.file("f", "x".getBytes()));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> restorer.restore(s, "/nope/x", tmp.resolve("o"), RestoreOptions.defaults()))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("/nope");
    }

    @Test
    void manyFilesAcrossManyPacksRoundTrip() throws IOException {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        List<Node> nodes = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] c = random(rnd.nextLong(), rnd.nextInt(3) == 0 ? rnd.nextInt(40_000) : rnd.nextInt(100));
            contents.add(c);
            nodes.add(t.file(String.format("f%03d", i), c));
        }
        Snapshot s = t.snapshot(nodes.toArray(Node[]::new));
        Path target = tmp.resolve("out");
        RestoreResult r = restorer.restore(s, "", target, RestoreOptions.defaults());
        assertThat(r.failures()).as("seed %d", seed).isEmpty();
        for (int i = 0; i < 300; i++) {
            assertThat(Files.readAllBytes(target.resolve(String.format("f%03d", i)))).as("seed %d file %d", seed, i)
                    .isEqualTo(contents.get(i));
        }
    }
}
