package dev.cairn.snapshots.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.InitOptions;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.snapshots.check.CheckOptions;
import dev.cairn.snapshots.check.Checker;
import dev.cairn.storage.FaultInjectingStorage;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCopierTest {

    private static final char[] PASSWORD = "pw".toCharArray();
    private static final ScryptParams CHEAP = new ScryptParams(16, 1, 1);

    @TempDir
    Path tmp;

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    private Repository init(Storage storage, String polynomial) throws IOException {
        return Repositories.init(storage, PASSWORD, RepositoryOptions.defaults().withPackSize(4 << 20),
                InitOptions.defaults().withKdf(CHEAP).withChunkerPolynomial(polynomial));
    }

    private Snapshot backup(Repository repo, Path dir) throws IOException {
        return new Archiver(repo, BackupOptions.defaults().withHostname("web1"), new Progress("test"),
                (p, m) -> { }).backup(List.of(dir)).snapshot();
    }

    private void files(Path dir, int count, int size) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Files.write(dir.resolve(i % 2 == 0 ? "f" + i : "sub/f" + i), content);
        }
    }

    @Test
    void copiesOnlyWhatIsMissingAndSkipsWhatWasCopied() throws IOException {
        Path site = tmp.resolve("site");
        files(site, 12, 300_000);
        try (Repository a = init(Storages.local(tmp.resolve("a")), null)) {
            Snapshot first = backup(a, site);
            Files.write(site.resolve("new"), new byte[] {1, 2, 3});
            backup(a, site);
            try (Repository b = init(Storages.local(tmp.resolve("b")), a.chunkerPolynomial())) {
                List<SnapshotRef> all = a.listSnapshots();
                CopyResult r = new SnapshotCopier(a, b).copy(all.subList(0, 1), CopyListener.NONE);
                assertThat(r.copied()).hasSize(1);
                long firstBlobs = r.blobs();
                assertThat(firstBlobs).isGreaterThan(12);

                CopyResult second = new SnapshotCopier(a, b).copy(all, CopyListener.NONE);
                assertThat(second.skipped()).extracting(CopyResult.Skipped::source).containsExactly(all.get(0).id());
                assertThat(second.copied()).extracting(CopyResult.Copied::source).containsExactly(all.get(1).id());
                assertThat(second.blobs()).as("only the new file and the changed trees, seed %d", seed)
                        .isBetween(1L, 5L);

                CopyResult third = new SnapshotCopier(a, b).copy(all, CopyListener.NONE);
                assertThat(third.copied()).isEmpty();
                assertThat(third.skipped()).hasSize(2);
                assertThat(third.blobs()).isZero();

                SnapshotRef copy = b.listSnapshots().get(0);
                assertThat(copy.snapshot().tree()).isEqualTo(first.tree());
                assertThat(copy.snapshot().original()).isEqualTo(all.get(0).id());
                assertThat(copy.snapshot().parent()).isNull();
                assertThat(copy.snapshot().time()).isEqualTo(first.time());
                assertThat(b.listSnapshots().get(1).snapshot().parent()).as("parent does not travel").isNull();
            }
        }
        try (Repository b = Repositories.open(Storages.local(tmp.resolve("b")), PASSWORD, RepositoryOptions.defaults())) {
            assertThat(new Checker(b).check(CheckOptions.readAll(), new Progress("check")).ok()).isTrue();
        }
    }

    @Test
    void aCopyOfACopyKeepsTheFirstOriginalAndIsRecognised() throws IOException {
        Path site = tmp.resolve("site");
        files(site, 3, 10_000);
        try (Repository a = init(Storages.inMemory(), null);
                Repository b = init(Storages.inMemory(), null);
                Repository c = init(Storages.inMemory(), null)) {
            backup(a, site);
            SnapshotRef original = a.listSnapshots().get(0);
            new SnapshotCopier(a, b).copy(a.listSnapshots(), CopyListener.NONE);
            new SnapshotCopier(b, c).copy(b.listSnapshots(), CopyListener.NONE);
            assertThat(c.listSnapshots().get(0).snapshot().original()).isEqualTo(original.id());
            // c already holds a copy of a's snapshot (same original): nothing to do.
            CopyResult again = new SnapshotCopier(a, c).copy(a.listSnapshots(), CopyListener.NONE);
            assertThat(again.copied()).isEmpty();
            assertThat(again.skipped()).hasSize(1);
        }
    }

    @Test
    void aKilledCopyLeavesNoSnapshotAndTheRerunSkipsWhatWasFlushed() throws IOException {
        Path site = tmp.resolve("site");
        files(site, 40, 400_000); // ~16 MB in 4 MiB packs: several packs, flushed one by one below
        try (Repository a = init(Storages.local(tmp.resolve("a")), null)) {
            backup(a, site);
            FaultInjectingStorage flaky = new FaultInjectingStorage(Storages.local(tmp.resolve("b")));
            try (Repository b = init(flaky, a.chunkerPolynomial())) {
                java.util.concurrent.atomic.AtomicInteger packSaves = new java.util.concurrent.atomic.AtomicInteger();
                flaky.failWhen(FaultInjectingStorage.Operation.SAVE, h -> h.type() == FileType.PACK
                        && packSaves.incrementAndGet() > 2, () -> new StorageException.Permanent("disk gone", null));
                SnapshotCopier tiny = new SnapshotCopier(a, b, new BlobTransfer.Tuning(1, 1));
                assertThatThrownBy(() -> tiny.copy(a.listSnapshots(), CopyListener.NONE))
                        .isInstanceOf(IOException.class);
                assertThat(count(flaky, FileType.SNAPSHOT)).as("no partial snapshot").isZero();
            }
            flaky.clear();
            try (Repository b = Repositories.open(flaky, PASSWORD, RepositoryOptions.defaults())) {
                long total;
                try (Repository fresh = init(Storages.inMemory(), a.chunkerPolynomial())) {
                    total = new SnapshotCopier(a, fresh).copy(a.listSnapshots(), CopyListener.NONE).blobs();
                }
                CopyResult rerun = new SnapshotCopier(a, b).copy(a.listSnapshots(), CopyListener.NONE);
                assertThat(rerun.copied()).hasSize(1);
                assertThat(rerun.blobs()).as("blobs flushed before the failure are not sent again, seed %d", seed)
                        .isLessThan(total);
                assertThat(new Checker(b).check(CheckOptions.readAll(), new Progress("check")).ok()).isTrue();
            }
        }
    }

    private static int count(Storage storage, FileType type) throws IOException {
        int[] n = {0};
        storage.list(type, f -> n[0]++);
        return n[0];
    }
}
