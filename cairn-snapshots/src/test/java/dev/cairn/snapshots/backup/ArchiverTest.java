package dev.cairn.snapshots.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.fs.ExcludeRules;
import dev.cairn.snapshots.fs.FileMetadata;
import dev.cairn.snapshots.fs.RawPaths;
import dev.cairn.snapshots.fs.UserCache;
import dev.cairn.snapshots.testing.ObservedStorage;
import dev.cairn.snapshots.testing.TestRepository;
import dev.cairn.storage.FileType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiverTest {

    @TempDir
    Path tmp;

    private final ObservedStorage storage = new ObservedStorage();
    private final Repository repo = TestRepository.create(storage, RepositoryOptions.defaults());
    private final List<String> warnings = new ArrayList<>();

    private BackupResult backup(BackupOptions options, Progress progress, Path... targets) throws IOException {
        return new Archiver(repo, options.withHostname("testhost"), progress,
                (p, m) -> warnings.add(p + ": " + m)).backup(List.of(targets));
    }

    private BackupResult backup(Path... targets) throws IOException {
        return backup(BackupOptions.defaults(), new Progress("test"), targets);
    }

    @Test
    void withoutScanNoTotalsAreCounted() throws IOException {
        Path root = tmp.resolve("tree");
        Fixtures.trickyTree(root, 1);
        Progress progress = new Progress("test");
        BackupResult r = backup(BackupOptions.defaults().withScan(false), progress, root);

        assertThat(r.incomplete()).isFalse();
        assertThat(progress.view().filesDone()).isPositive();
        assertThat(progress.view().filesTotal()).as("nothing scanned the tree").isEqualTo(-1);
        assertThat(progress.view().bytesTotal()).isEqualTo(-1);
    }

    @Test
    void roundTripKeepsEveryNodeAndByte() throws IOException {
        Path root = tmp.resolve("tree");
        Fixtures.trickyTree(root, 1);
        BackupResult r = backup(root);

        assertThat(warnings).isEmpty();
        assertThat(r.incomplete()).isFalse();
        Snapshot sn = r.snapshot();
        assertThat(sn.paths()).containsExactly(root.toString());
        assertThat(sn.hostname()).isEqualTo("testhost");
        assertThat(storage.count(FileType.LOCK)).as("the lock was released").isZero();
        assertThat(storage.lockSaves()).isEqualTo(1);

        Node top = Fixtures.find(repo, sn.tree(), root);
        assertThat(top).isNotNull();
        assertThat(top.type()).isEqualTo(NodeType.DIR);
        int files = 0;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Node n = Fixtures.find(repo, sn.tree(), p);
                assertThat(n).as(p.toString()).isNotNull();
                Node expected = FileMetadata.read(p, UserCache.system()).build();
                assertThat(n.toBuilder().content(null).subtree(null).build()).as(p.toString())
                        .isEqualTo(expected);
                if (n.isFile()) {
                    files++;
                    assertThat(Fixtures.content(repo, n)).as(p.toString()).isEqualTo(Files.readAllBytes(p));
                }
            }
        }
        assertThat(Fixtures.find(repo, sn.tree(), root.resolve("empty")).content()).isEmpty();
        assertThat(Fixtures.find(repo, sn.tree(), root.resolve("a/large.bin")).content()).hasSizeGreaterThan(2);
        assertThat(Fixtures.find(repo, sn.tree(), RawPaths.resolve(root, Fixtures.INVALID_UTF8))).isNotNull();
        assertThat(Fixtures.find(repo, sn.tree(), root.resolve("fifo")).type()).isEqualTo(NodeType.FIFO);
        assertThat(r.summary().filesNew()).isEqualTo(files);
        assertThat(r.summary().totalFilesProcessed()).isEqualTo(files);
        assertThat(r.summary().dataBlobs()).isPositive();
        assertThat(r.summary().treeBlobs()).isPositive();
    }

    @Test
    void intermediateDirectoriesCarryRealMetadata() throws IOException {
        Path a = tmp.resolve("x/one");
        Path b = tmp.resolve("x/two/f.txt");
        Files.createDirectories(a);
        Files.createDirectories(b.getParent());
        Files.writeString(b, "two");
        BackupResult r = backup(b, a);
        assertThat(r.snapshot().paths()).containsExactly(a.toString(), b.toString());
        Node x = Fixtures.find(repo, r.snapshot().tree(), tmp.resolve("x"));
        Node expected = FileMetadata.read(tmp.resolve("x"), UserCache.system()).build();
        assertThat(x.toBuilder().subtree(null).build()).isEqualTo(expected);
        // only the targets appear below x, not other entries of x
        Files.writeString(tmp.resolve("x/other"), "not a target");
        BackupResult again = backup(b, a);
        assertThat(repo.loadTree(Fixtures.find(repo, again.snapshot().tree(), tmp.resolve("x")).subtree())
                .nodes()).extracting(n -> n.name().toString()).containsExactly("one", "two");
    }

    @Test
    void secondBackupReusesParentAndReadsNothing() throws IOException {
        Path root = tmp.resolve("tree");
        Fixtures.trickyTree(root, 2);
        BackupResult first = backup(root);
        Progress progress = new Progress("again");
        BackupResult second = backup(BackupOptions.defaults(), progress, root);

        assertThat(second.parentId()).isEqualTo(first.snapshotId());
        assertThat(second.snapshot().parent()).isEqualTo(first.snapshotId());
        assertThat(second.summary().filesNew()).isZero();
        assertThat(second.summary().filesChanged()).isZero();
        assertThat(second.summary().filesUnmodified()).isEqualTo(first.summary().filesNew());
        assertThat(second.summary().dataBlobs()).isZero();
        assertThat(progress.view().bytesDone()).as("bytes read").isZero();
        Node dir = Fixtures.find(repo, second.snapshot().tree(), root);
        assertThat(dir).isEqualTo(Fixtures.find(repo, first.snapshot().tree(), root));
    }

    @Test
    void changedFileIsReadAgain() throws IOException {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root);
        Files.writeString(root.resolve("same"), "same");
        Files.writeString(root.resolve("grows"), "v1");
        backup(root);
        Files.writeString(root.resolve("grows"), "version 2");
        Files.writeString(root.resolve("new"), "new");
        BackupResult r = backup(root);
        assertThat(r.summary().filesNew()).isEqualTo(1);
        assertThat(r.summary().filesChanged()).isEqualTo(1);
        assertThat(r.summary().filesUnmodified()).isEqualTo(1);
        assertThat(r.summary().dataBlobs()).isEqualTo(2);
        assertThat(r.summary().dirsChanged()).isPositive();
        Node grows = Fixtures.find(repo, r.snapshot().tree(), root.resolve("grows"));
        assertThat(new String(Fixtures.content(repo, grows))).isEqualTo("version 2");
    }

    @Test
    void forceReadsEverythingWithoutParent() throws IOException {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root);
        Files.writeString(root.resolve("f"), "data");
        backup(root);
        Progress progress = new Progress("force");
        BackupResult r = backup(BackupOptions.defaults().withForce(true), progress, root);
        assertThat(r.parentId()).isNull();
        assertThat(r.summary().filesNew()).isEqualTo(1);
        assertThat(progress.view().bytesDone()).isEqualTo(4);
        assertThat(r.summary().dataBlobs()).as("already stored").isZero();
    }

    @Test
    void hardLinkedFileIsReadOnce() throws IOException {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root);
        byte[] data = Fixtures.bytes(new java.util.Random(3), 3 << 20);
        Files.write(root.resolve("one"), data);
        Files.createLink(root.resolve("two"), root.resolve("one"));
        Progress progress = new Progress("links");
        BackupResult r = backup(BackupOptions.defaults(), progress, root);
        Node one = Fixtures.find(repo, r.snapshot().tree(), root.resolve("one"));
        Node two = Fixtures.find(repo, r.snapshot().tree(), root.resolve("two"));
        assertThat(two.content()).isEqualTo(one.content());
        assertThat(two.inode()).isEqualTo(one.inode());
        assertThat(two.links()).isEqualTo(2);
        assertThat(progress.view().bytesDone()).isEqualTo(data.length);
        assertThat(r.summary().filesNew()).isEqualTo(2);
    }

    @Test
    void excludedEntriesAreLeftOut() throws IOException {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root.resolve("cache"));
        Files.writeString(root.resolve("keep.txt"), "k");
        Files.writeString(root.resolve("drop.log"), "d");
        Files.writeString(root.resolve("cache/x"), "x");
        ExcludeRules rules = ExcludeRules.builder().exclude("*.log").exclude(root + "/cache").build();
        BackupResult r = backup(BackupOptions.defaults().withExcludes(rules)
                .withExcludePatterns(List.of("*.log")), new Progress("x"), root);
        Map<String, Node> nodes = Fixtures.nodes(repo, r.snapshot().tree());
        assertThat(nodes.keySet()).contains(root + "/keep.txt")
                .doesNotContain(root + "/drop.log", root + "/cache", root + "/cache/x");
        assertThat(r.snapshot().excludes()).containsExactly("*.log");
    }

    @Test
    void unreadableFileIsWarnedAndLeftOut() throws IOException {
        // Tests run as root, who can read any mode-000 file; /proc/self/mem fails with EIO on read for everyone.
        Path root = tmp.resolve("tree");
        Files.createDirectories(root);
        Files.writeString(root.resolve("ok"), "ok");
        Path mem = Path.of("/proc/self/mem");
        BackupResult r = backup(root, mem);
        assertThat(r.incomplete()).isTrue();
        assertThat(r.warnings()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().startsWith(mem.toString()).contains("cannot read");
        assertThat(Fixtures.find(repo, r.snapshot().tree(), root.resolve("ok"))).isNotNull();
        assertThat(Fixtures.find(repo, r.snapshot().tree(), mem)).isNull();
        assertThat(r.snapshotId()).isNotNull();
    }

    @Test
    void missingTargetIsSkippedButAllMissingFails() throws IOException {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root);
        BackupResult r = backup(root, tmp.resolve("missing"));
        assertThat(r.snapshot().paths()).containsExactly(root.toString());
        assertThat(warnings).hasSize(1);
        assertThatThrownBy(() -> backup(tmp.resolve("missing"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void dryRunSavesNothing() throws IOException {
        Path root = tmp.resolve("tree");
        Fixtures.trickyTree(root, 4);
        BackupResult r = backup(BackupOptions.defaults().withDryRun(true), new Progress("dry"), root);
        assertThat(r.snapshotId()).isNull();
        assertThat(storage.count(FileType.PACK)).isZero();
        assertThat(repo.listSnapshots()).isEmpty();
        assertThat(storage.lockSaves()).isZero();
        assertThat(r.summary().dataBlobs()).isPositive();
        assertThat(r.summary().dataAdded()).isGreaterThan(20 << 20);
        BackupResult real = backup(root);
        // Root tree IDs are not compared: /tmp above the target may change between the two runs.
        assertThat(real.summary().dataBlobs()).isEqualTo(r.summary().dataBlobs());
        assertThat(real.summary().treeBlobs()).isEqualTo(r.summary().treeBlobs());
    }

    @Test
    void stdinBecomesOneFileNode() throws IOException {
        byte[] data = Fixtures.bytes(new java.util.Random(5), 3 << 20);
        BackupResult r = new Archiver(repo, BackupOptions.defaults(), new Progress("stdin"), Warnings())
                .backupStream(new ByteArrayInputStream(data), "dump.sql");
        assertThat(r.snapshot().paths()).containsExactly("/dump.sql");
        Node n = repo.loadTree(r.snapshot().tree()).nodes().get(0);
        assertThat(n.name().toString()).isEqualTo("dump.sql");
        assertThat(n.mode()).isEqualTo(0644);
        assertThat(n.size()).isEqualTo(data.length);
        assertThat(n.mtime()).isEqualTo(r.snapshot().time());
        assertThat(Fixtures.content(repo, n)).isEqualTo(data);
        assertThat(r.summary().filesNew()).isEqualTo(1);
    }

    @Test
    void commandOutputIsSavedAndFailureSavesNothing() throws IOException {
        Archiver archiver = new Archiver(repo, BackupOptions.defaults(), new Progress("cmd"), Warnings());
        BackupResult ok = archiver.backupCommand(List.of("sh", "-c", "printf hello"), "out.txt");
        Node n = repo.loadTree(ok.snapshot().tree()).nodes().get(0);
        assertThat(new String(Fixtures.content(repo, n))).isEqualTo("hello");
        assertThatThrownBy(() -> archiver.backupCommand(List.of("sh", "-c", "echo partial; exit 3"), "x"))
                .isInstanceOf(IOException.class).hasMessageContaining("exited with code 3")
                .hasMessageContaining("sh");
        assertThat(repo.listSnapshots()).hasSize(1);
        assertThat(storage.count(FileType.LOCK)).isZero();
    }

    @Test
    void storageFailureLeavesNoSnapshot() throws IOException {
        Path root = tmp.resolve("tree");
        Fixtures.trickyTree(root, 6);
        storage.hook(h -> {
            if (h.type() == FileType.PACK) {
                throw new IOException("No space left on device");
            }
        });
        assertThatThrownBy(() -> backup(root)).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        assertThat(repo.listSnapshots()).isEmpty();
        assertThat(storage.count(FileType.LOCK)).isZero();
    }

    @Test
    void interruptionLeavesNoSnapshot() throws Exception {
        Path root = tmp.resolve("tree");
        Fixtures.trickyTree(root, 7);
        java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        storage.hook(h -> {
            if (h.type() != FileType.PACK) {
                return;
            }
            reached.countDown();
            try {
                release.await(); // a storage that hangs until the upload is interrupted (or the test ends)
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("save interrupted");
            }
        });
        List<Throwable> thrown = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                backup(root);
            } catch (Throwable e) {
                thrown.add(e);
            }
        });
        t.start();
        reached.await();
        t.interrupt();
        t.join();
        release.countDown();
        assertThat(thrown).singleElement().isInstanceOf(java.io.InterruptedIOException.class);
        assertThat(repo.listSnapshots()).isEmpty();
        assertThat(storage.count(FileType.LOCK)).isZero();
    }

    private static dev.cairn.snapshots.Warnings Warnings() {
        return dev.cairn.snapshots.Warnings.IGNORE;
    }
}
