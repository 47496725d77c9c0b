package dev.cairn.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RepositoryTest {

    static final ScryptParams CHEAP = new ScryptParams(16, 1, 1);
    static final char[] PASSWORD = "correct horse".toCharArray();

    static Repository newRepo(Storage storage) throws Exception {
        return Repositories.init(storage, PASSWORD, RepositoryOptions.defaults(), CHEAP);
    }

    @Test
    void blobsRoundTripAndSurviveReopening() throws Exception {
        Storage storage = Storages.inMemory();
        Random random = new Random(42);
        List<byte[]> blobs = new ArrayList<>();
        try (Repository repo = newRepo(storage)) {
            for (int i = 0; i < 50; i++) {
                byte[] data = new byte[random.nextInt(200_000)];
                if (i % 2 == 0) {
                    random.nextBytes(data); // incompressible
                } else {
                    java.util.Arrays.fill(data, (byte) i); // compressible
                }
                blobs.add(data);
                assertThat(repo.saveBlob(BlobType.DATA, Id.hash(data), data)).isPositive();
            }
            assertThat(repo.saveBlob(BlobType.DATA, Id.hash(blobs.get(0)), blobs.get(0)))
                    .as("a blob already saved is deduplicated").isZero();
            repo.flush();
            for (byte[] b : blobs) {
                assertThat(repo.loadBlob(BlobType.DATA, Id.hash(b))).isEqualTo(b);
            }
        }
        try (Repository reopened = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            for (byte[] b : blobs) {
                assertThat(reopened.hasBlob(BlobType.DATA, Id.hash(b))).isTrue();
                assertThat(reopened.loadBlob(BlobType.DATA, Id.hash(b))).isEqualTo(b);
            }
        }
    }

    @Test
    void loadBlobsReadsInWindowsAcrossBlobBoundariesAndBlobsLargerThanAWindow() throws Exception {
        Storage storage = Storages.inMemory();
        int window = DefaultRepository.LOAD_WINDOW;
        // one pack: blobs smaller than a window, one larger than a window, several filling windows unevenly
        int[] sizes = {window / 3, window + 12_345, 100, window / 2, window / 2 + 1, 7, window / 4};
        List<byte[]> blobs = new ArrayList<>();
        try (Repository repo = newRepo(storage)) {
            Random random = new Random(11);
            for (int size : sizes) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                blobs.add(data);
                repo.saveBlob(BlobType.DATA, Id.hash(data), data);
            }
            repo.flush();
            List<PackedBlob> all = blobs.stream().map(b -> repo.lookup(BlobType.DATA, Id.hash(b))).toList();
            assertThat(all.stream().map(PackedBlob::pack).distinct()).hasSize(1);
            for (List<PackedBlob> wanted : List.of(all, List.of(all.get(6), all.get(0), all.get(4)),
                    List.of(all.get(1)), List.of(all.get(2), all.get(3)))) {
                List<Id> delivered = new ArrayList<>();
                repo.loadBlobs(all.get(0).pack(), wanted, new Repository.BlobReceiver() {
                    @Override
                    public void blob(PackedBlob blob, byte[] plaintext) {
                        assertThat(Id.hash(plaintext)).isEqualTo(blob.id());
                        delivered.add(blob.id());
                    }

                    @Override
                    public void failed(PackedBlob blob, java.io.IOException cause) {
                        throw new AssertionError("blob " + blob.id() + " failed", cause);
                    }
                });
                assertThat(delivered).as("every wanted blob once, in pack order").containsExactlyElementsOf(
                        wanted.stream().sorted(java.util.Comparator.comparingLong(PackedBlob::offset))
                                .map(PackedBlob::id).toList());
            }
        }
    }

    @Test
    void packsAreSplitBySizeAndHeadersMatchTheIndex() throws Exception {
        Storage storage = Storages.inMemory();
        try (Repository repo = Repositories.init(storage, PASSWORD,
                RepositoryOptions.defaults().withPackSize(RepositoryOptions.MIN_PACK_SIZE), CHEAP)) {
            Random random = new Random(7);
            for (int i = 0; i < 12; i++) {
                byte[] data = new byte[1 << 20];
                random.nextBytes(data);
                repo.saveBlob(BlobType.DATA, Id.hash(data), data);
            }
            repo.saveTree(Tree.EMPTY);
            repo.flush();
            var sizes = repo.indexedPackSizes();
            assertThat(sizes).hasSizeGreaterThanOrEqualTo(4);
            for (var e : sizes.entrySet()) {
                byte[] pack = storage.load(Handle.of(FileType.PACK, e.getKey().hex()));
                assertThat((long) pack.length).isEqualTo(e.getValue());
                assertThat(Id.hash(pack)).isEqualTo(e.getKey());
                List<PackedBlob> header = repo.readPackHeader(e.getKey(), pack);
                assertThat(header.stream().map(PackedBlob::type).distinct()).hasSize(1);
                for (PackedBlob b : header) {
                    assertThat(repo.lookup(b.type(), b.id())).isEqualTo(b);
                    assertThat(Id.hash(repo.decodeBlob(b, pack))).isEqualTo(b.id());
                }
            }
        }
    }

    @Test
    void wrongPasswordAndMissingRepositoryHaveTheirOwnErrors() throws Exception {
        Storage storage = Storages.inMemory();
        newRepo(storage).close();
        assertThatThrownBy(() -> Repositories.open(storage, "nope".toCharArray(), RepositoryOptions.defaults()))
                .isInstanceOf(RepositoryException.WrongPassword.class)
                .satisfies(e -> assertThat(((RepositoryException) e).exitCode()).isEqualTo(12));
        assertThatThrownBy(() -> Repositories.open(Storages.inMemory(), PASSWORD, RepositoryOptions.defaults()))
                .isInstanceOf(RepositoryException.NoRepository.class)
                .satisfies(e -> assertThat(((RepositoryException) e).exitCode()).isEqualTo(10));
        assertThatThrownBy(() -> newRepo(storage)).hasMessageContaining("already exists");
    }

    @Test
    void corruptedPackIsDetectedAndNamed() throws Exception {
        Storage storage = Storages.inMemory();
        byte[] data = "precious".repeat(1000).getBytes();
        Id id = Id.hash(data);
        try (Repository repo = newRepo(storage)) {
            repo.saveBlob(BlobType.DATA, id, data);
            repo.flush();
            PackedBlob where = repo.lookup(BlobType.DATA, id);
            Handle pack = Handle.of(FileType.PACK, where.pack().hex());
            byte[] bytes = storage.load(pack);
            bytes[(int) where.offset() + 20] ^= 1;
            storage.remove(pack);
            storage.save(pack, dev.cairn.storage.ByteSource.of(bytes));
            assertThatThrownBy(() -> repo.loadBlob(BlobType.DATA, id))
                    .isInstanceOf(RepositoryException.Corrupt.class)
                    .hasMessageContaining(where.pack().hex());
        }
    }

    @Test
    void snapshotsAndTreesRoundTrip() throws Exception {
        try (Repository repo = newRepo(Storages.inMemory())) {
            Node file = Node.builder(Name.of("a.txt"), NodeType.FILE).mode(0644).size(0).content(List.of()).build();
            Id tree = repo.saveTree(new Tree(List.of(file)));
            repo.flush();
            Instant t1 = Instant.parse("2026-01-02T03:04:05.123456789Z");
            Snapshot s1 = new Snapshot(t1, null, tree, List.of("/srv"), "host", "me", 0, 0, null,
                    List.of("x"), null, null, null);
            Snapshot s0 = new Snapshot(t1.minusSeconds(60), null, tree, List.of("/srv"), "host", "me", 0, 0, null,
                    null, null, null, null);
            Id id1 = repo.saveSnapshot(s1);
            Id id0 = repo.saveSnapshot(s0);
            assertThat(repo.listSnapshots()).extracting(SnapshotRef::id).containsExactly(id0, id1);
            assertThat(repo.loadSnapshot(id1)).isEqualTo(s1);
            assertThat(repo.loadTree(tree)).isEqualTo(new Tree(List.of(file)));
        }
    }

    @Test
    void treeReferencesAreTheLoadedTreesIdsWithOrWithoutTheCache() throws Exception {
        Storage storage = Storages.inMemory();
        Id data = Id.hash(new byte[] {1});
        Id tree;
        try (Repository repo = newRepo(storage)) {
            Id sub = repo.saveTree(Tree.EMPTY);
            tree = repo.saveTree(new Tree(List.of(
                    Node.builder(Name.of("a"), NodeType.FILE).content(List.of(data, data)).build(),
                    Node.builder(Name.of("d"), NodeType.DIR).subtree(sub).build())));
            repo.flush();
        }
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            List<String> scanned = references(repo, tree); // read and scanned: not cached
            repo.loadTree(tree);
            List<String> cached = references(repo, tree); // now from the cached decoded tree
            assertThat(scanned).isEqualTo(cached).containsExactly("content " + data.shortHex(),
                    "content " + data.shortHex(), "subtree " + Id.hash(Tree.EMPTY.json()).shortHex());
            assertThatThrownBy(() -> references(repo, data)).isInstanceOf(RepositoryException.Corrupt.class)
                    .hasMessageContaining("not in the index");
        }
    }

    private static List<String> references(Repository repo, Id tree) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        repo.forEachTreeReference(tree, new Repository.TreeReferences() {
            @Override
            public void content(Id blob) {
                out.add("content " + blob.shortHex());
            }

            @Override
            public void subtree(Id subtree) {
                out.add("subtree " + subtree.shortHex());
            }
        });
        return out;
    }

    @Test
    void exclusiveLockExcludesOthersAndIsReleased() throws Exception {
        Storage storage = Storages.inMemory();
        try (Repository repo = newRepo(storage)) {
            try (RepositoryLock shared = repo.lock(false)) {
                try (RepositoryLock second = repo.lock(false)) {
                    assertThat(second.exclusive()).isFalse();
                }
                assertThatThrownBy(() -> repo.lock(true)).isInstanceOf(RepositoryException.Locked.class)
                        .hasMessageContaining("PID " + ProcessHandle.current().pid())
                        .satisfies(e -> assertThat(((RepositoryException) e).exitCode()).isEqualTo(11));
            }
            try (RepositoryLock exclusive = repo.lock(true)) {
                assertThatThrownBy(() -> repo.lock(false)).isInstanceOf(RepositoryException.Locked.class);
            }
            List<String> locks = new ArrayList<>();
            storage.list(FileType.LOCK, f -> locks.add(f.name()));
            assertThat(locks).as("every lock file is removed on release").isEmpty();
        }
    }

    @Test
    void lockIsReleasedByAnInterruptedThreadWhichStaysInterrupted() throws Exception {
        // Ctrl-C interrupts the command's thread, which then closes its lock on the way out.
        Storage storage = Storages.inMemory();
        try (Repository repo = newRepo(storage)) {
            RepositoryLock lock = repo.lock(false);
            Thread.currentThread().interrupt();
            try {
                lock.close();
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            List<String> locks = new ArrayList<>();
            storage.list(FileType.LOCK, f -> locks.add(f.name()));
            assertThat(locks).as("the lock file is removed despite the interrupt").isEmpty();
        }
    }
}
