package dev.cairn.snapshots.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.check.CheckOptions;
import dev.cairn.snapshots.check.CheckResult;
import dev.cairn.snapshots.check.Checker;
import dev.cairn.snapshots.testing.SharedBlobSnapshots;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrunerTest {

    private static final char[] PASSWORD = "pw".toCharArray();
    private final Storage storage = Storages.inMemory();
    private final RepositoryOptions options = RepositoryOptions.defaults().withPackSize(4 << 20);

    private Repository init() throws IOException {
        return Repositories.init(storage, PASSWORD, options, new ScryptParams(16, 1, 1));
    }

    private Repository reopen() throws IOException {
        return Repositories.open(storage, PASSWORD, options);
    }


    /** Every (type, ID) reachable from the repository's snapshots. */
    private static Set<List<Object>> usedBlobs(Repository repo) throws IOException {
        Set<List<Object>> used = new HashSet<>();
        for (SnapshotRef s : repo.listSnapshots()) {
            collect(repo, s.snapshot().tree(), used);
        }
        return used;
    }

    private static void collect(Repository repo, Id tree, Set<List<Object>> used) throws IOException {
        if (!used.add(List.of(BlobType.TREE, tree))) {
            return;
        }
        for (Node n : repo.loadTree(tree).nodes()) {
            if (n.content() != null) {
                n.content().forEach(id -> used.add(List.of(BlobType.DATA, id)));
            }
            if (n.subtree() != null) {
                collect(repo, n.subtree(), used);
            }
        }
    }

    private Map<String, Long> files(FileType type) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        storage.list(type, f -> {
            synchronized (out) {
                out.put(f.name(), f.size());
            }
        });
        return out;
    }

    private static PruneOptions exact() {
        return new PruneOptions(new PruneOptions.MaxUnused.Percent(0), Long.MAX_VALUE, false, false, false,
                4 << 20, false);
    }

    @Test
    void afterForgettingSnapshotsRemovesExactlyWhatNoSnapshotUses() throws Exception {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        try (Repository repo = init()) {
            List<Id> snaps = SharedBlobSnapshots.write(repo, r, 8);
            for (int i = 0; i < 8; i += 2) {
                repo.removeSnapshot(snaps.get(i));
            }
            Set<List<Object>> used = usedBlobs(repo);
            Map<List<Object>, byte[]> contents = new java.util.HashMap<>();
            for (List<Object> k : used) {
                contents.put(k, repo.loadBlob((BlobType) k.get(0), (Id) k.get(1)));
            }
            PruneResult result = new Pruner(repo).prune(exact(), new Progress("prune"));
            assertThat(result.stats().freedBytes()).as("seed %d", seed).isPositive();
            assertThat(result.stats().usedBlobs()).isEqualTo(used.size());
            // The running repository's index is the new one: every used blob loads from it.
            for (var e : contents.entrySet()) {
                assertThat(repo.loadBlob((BlobType) e.getKey().get(0), (Id) e.getKey().get(1)))
                        .isEqualTo(e.getValue());
            }
            assertThat(new HashSet<>(repo.indexFiles())).isEqualTo(files(FileType.INDEX).keySet().stream()
                    .map(Id::parse).collect(java.util.stream.Collectors.toSet()));
            try (Repository fresh = reopen()) {
                Set<List<Object>> indexed = new HashSet<>();
                fresh.forEachIndexedBlob(b -> indexed.add(List.of(b.type(), b.id())));
                assertThat(indexed).as("seed %d", seed).isEqualTo(used);
                assertThat(files(FileType.PACK).keySet()).isEqualTo(fresh.indexedPackSizes().keySet().stream()
                        .map(Id::hex).collect(java.util.stream.Collectors.toSet()));
                for (var e : contents.entrySet()) {
                    assertThat(fresh.loadBlob((BlobType) e.getKey().get(0), (Id) e.getKey().get(1)))
                            .isEqualTo(e.getValue());
                }
                CheckResult check = new Checker(fresh).check(CheckOptions.readAll(), new Progress("check"));
                assertThat(check.ok()).as("seed %d: %s", seed, check.errors()).isTrue();
                assertThat(check.hints()).isEmpty();
            }
        }
    }

    @Test
    void defaultsTolerateFivePercentUnusedAndASecondPruneChangesNothing() throws Exception {
        Random r = new Random(7);
        try (Repository repo = init()) {
            List<Id> snaps = SharedBlobSnapshots.write(repo, r, 6);
            repo.removeSnapshot(snaps.get(0));
            repo.removeSnapshot(snaps.get(3));
            PruneResult first = new Pruner(repo).prune(PruneOptions.defaults(), new Progress("prune"));
            PruneStats s = first.stats();
            assertThat(s.unusedAfterBytes()).isLessThanOrEqualTo((long) (s.usedBytes() * 5.0 / 95) + 1);
        }
        Map<String, Long> packs = files(FileType.PACK);
        Map<String, Long> index = files(FileType.INDEX);
        try (Repository repo = reopen()) {
            PruneResult second = new Pruner(repo).prune(PruneOptions.defaults(), new Progress("prune"));
            assertThat(second.repackedPacks()).isEmpty();
            assertThat(second.removedPacks()).isEmpty();
        }
        assertThat(files(FileType.PACK)).isEqualTo(packs);
        assertThat(files(FileType.INDEX)).isEqualTo(index);
    }

    @Test
    void dryRunReportsButChangesNothing() throws Exception {
        Random r = new Random(11);
        try (Repository repo = init()) {
            List<Id> snaps = SharedBlobSnapshots.write(repo, r, 5);
            repo.removeSnapshot(snaps.get(1));
            repo.removeSnapshot(snaps.get(2));
        }
        byte[] junk = new byte[5000];
        r.nextBytes(junk);
        storage.save(Handle.of(FileType.PACK, Id.hash(junk).hex()), ByteSource.of(junk));
        Map<String, Long> packs = files(FileType.PACK);
        Map<String, Long> index = files(FileType.INDEX);
        PruneResult plan;
        try (Repository repo = reopen()) {
            PruneOptions dry = new PruneOptions(new PruneOptions.MaxUnused.Percent(0), Long.MAX_VALUE, false,
                    false, false, 4 << 20, true);
            plan = new Pruner(repo).prune(dry, new Progress("prune"));
        }
        assertThat(plan.dryRun()).isTrue();
        assertThat(plan.unreferencedPacks()).containsExactly(Id.hash(junk));
        assertThat(plan.stats().freedBytes()).isPositive();
        assertThat(files(FileType.PACK)).isEqualTo(packs);
        assertThat(files(FileType.INDEX)).isEqualTo(index);
        // The real run frees what the dry run announced.
        try (Repository repo = reopen()) {
            PruneResult real = new Pruner(repo).prune(exact(), new Progress("prune"));
            assertThat(real.stats()).isEqualTo(plan.stats());
        }
        long before = packs.values().stream().mapToLong(Long::longValue).sum();
        long after = files(FileType.PACK).values().stream().mapToLong(Long::longValue).sum();
        assertThat(files(FileType.PACK)).doesNotContainKey(Id.hash(junk).hex());
        // Freed = blobs dropped + headers of deleted packs - headers of new packs: close to the estimate.
        assertThat((double) (before - after)).isCloseTo((double) plan.stats().freedBytes(),
                org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void maxRepackSizeZeroOnlyDeletesWholePacks() throws Exception {
        Random r = new Random(13);
        try (Repository repo = init()) {
            List<Id> snaps = SharedBlobSnapshots.write(repo, r, 6);
            for (int i = 0; i < 5; i++) {
                repo.removeSnapshot(snaps.get(i));
            }
            PruneOptions o = new PruneOptions(new PruneOptions.MaxUnused.Percent(0), 0, false, false, false,
                    4 << 20, false);
            PruneResult result = new Pruner(repo).prune(o, new Progress("prune"));
            assertThat(result.repackedPacks()).isEmpty();
        }
        try (Repository repo = reopen()) {
            assertThat(new Checker(repo).check(CheckOptions.readAll(), new Progress("c")).ok()).isTrue();
        }
    }

    @Test
    void refusesWhenUsedDataIsMissing() throws Exception {
        Random r = new Random(17);
        Id pack;
        try (Repository repo = init()) {
            List<Id> snaps = SharedBlobSnapshots.write(repo, r, 3);
            repo.removeSnapshot(snaps.get(0));
            Id root = repo.loadSnapshot(snaps.get(2)).tree();
            Id sub = repo.loadTree(root).nodes().get(0).subtree();
            Id blob = repo.loadTree(sub).nodes().get(0).content().get(0);
            PackedBlob where = repo.lookup(BlobType.DATA, blob);
            pack = where.pack();
        }
        storage.remove(Handle.of(FileType.PACK, pack.hex()));
        Map<String, Long> packs = files(FileType.PACK);
        Map<String, Long> index = files(FileType.INDEX);
        try (Repository repo = reopen()) {
            assertThatThrownBy(() -> new Pruner(repo).prune(exact(), new Progress("prune")))
                    .isInstanceOf(PruneException.class).hasMessageContaining("missing");
        }
        assertThat(files(FileType.PACK)).isEqualTo(packs);
        assertThat(files(FileType.INDEX)).isEqualTo(index);
    }

    /**
     * The test's storage, except that calls for which {@code fails} says so throw {@code IOException(message)}:
     * faults in one kind of file only, whatever the order in which prune's threads reach the storage.
     */
    private Storage failing(java.util.function.BiPredicate<String, Object[]> fails, String message) {
        return (Storage) java.lang.reflect.Proxy.newProxyInstance(Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    if (fails.test(method.getName(), args == null ? new Object[0] : args)) {
                        throw new IOException(message);
                    }
                    try {
                        return method.invoke(storage, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void packListingFailingBesideTheMarkPhaseStopsThePruneBeforeAnyChange() throws Exception {
        try (Repository repo = init()) {
            List<Id> snaps = SharedBlobSnapshots.write(repo, new Random(19), 4);
            repo.removeSnapshot(snaps.get(0));
        }
        Map<String, Long> packs = files(FileType.PACK);
        Map<String, Long> index = files(FileType.INDEX);
        Storage broken = failing((method, args) -> method.equals("list") && args[0] == FileType.PACK,
                "listing failed");
        try (Repository repo = Repositories.open(broken, PASSWORD, options)) {
            assertThatThrownBy(() -> new Pruner(repo).prune(exact(), new Progress("prune")))
                    .isInstanceOf(IOException.class).hasMessage("listing failed");
        }
        assertThat(files(FileType.PACK)).isEqualTo(packs);
        assertThat(files(FileType.INDEX)).isEqualTo(index);
    }

    @Test
    void unreadableTreeStopsThePruneBeforeAnyChange() throws Exception {
        Id treePack;
        try (Repository repo = init()) {
            List<Id> snaps = SharedBlobSnapshots.write(repo, new Random(23), 4);
            repo.removeSnapshot(snaps.get(0));
            treePack = repo.lookup(BlobType.TREE, repo.loadSnapshot(snaps.get(3)).tree()).pack();
        }
        Map<String, Long> packs = files(FileType.PACK);
        Map<String, Long> index = files(FileType.INDEX);
        Storage broken = failing((method, args) -> (method.equals("open") || method.equals("load"))
                && args[0].equals(Handle.of(FileType.PACK, treePack.hex())), "read failed");
        try (Repository repo = Repositories.open(broken, PASSWORD, options)) {
            assertThatThrownBy(() -> new Pruner(repo).prune(exact(), new Progress("prune")))
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot load tree")
                    .hasMessageContaining("read failed");
        }
        assertThat(files(FileType.PACK)).isEqualTo(packs);
        assertThat(files(FileType.INDEX)).isEqualTo(index);
    }

    @Test
    void parsesResticsLimits() {
        assertThat(PruneOptions.MaxUnused.parse("unlimited").bytes(10)).isEqualTo(Long.MAX_VALUE);
        assertThat(PruneOptions.MaxUnused.parse("5%").bytes(95_000)).isEqualTo(5000);
        assertThat(PruneOptions.MaxUnused.parse("2M").bytes(1)).isEqualTo(2 << 20);
        assertThat(PruneOptions.parseSize("1g")).isEqualTo(1L << 30);
        assertThat(PruneOptions.parseSize("123")).isEqualTo(123);
        assertThatThrownBy(() -> PruneOptions.MaxUnused.parse("100%")).hasMessageContaining("below 100");
        assertThatThrownBy(() -> PruneOptions.MaxUnused.parse("lots")).hasMessageContaining("--max-unused");
        assertThatThrownBy(() -> PruneOptions.parseSize("5x")).hasMessageContaining("invalid size");
    }
}
