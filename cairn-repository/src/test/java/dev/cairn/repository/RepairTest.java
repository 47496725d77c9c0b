package dev.cairn.repository;

import static dev.cairn.repository.RepositoryTest.CHEAP;
import static dev.cairn.repository.RepositoryTest.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.ForwardingStorage;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RepairTest {

    private final List<String> report = new CopyOnWriteArrayList<>();

    /** Forty 300 KiB random blobs in 4 MiB packs (about three packs) plus a tree pack. */
    private static List<byte[]> fill(Storage storage, long seed) throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        Random random = new Random(seed);
        try (Repository repo = Repositories.init(storage, PASSWORD,
                RepositoryOptions.defaults().withPackSize(RepositoryOptions.MIN_PACK_SIZE), CHEAP)) {
            for (int i = 0; i < 40; i++) {
                byte[] data = new byte[300 * 1024];
                random.nextBytes(data);
                blobs.add(data);
                repo.saveBlob(BlobType.DATA, Id.hash(data), data);
            }
            repo.saveTree(Tree.EMPTY);
            repo.flush();
        }
        return blobs;
    }

    private static List<Id> list(Storage storage, FileType type) throws IOException {
        List<Id> ids = new ArrayList<>();
        storage.list(type, f -> ids.add(Id.parse(f.name())));
        ids.sort(null);
        return ids;
    }

    private IndexRepairResult rebuild(Storage storage, boolean readAll) throws IOException {
        try (Repository repo = Repositories.openWithoutIndex(storage, PASSWORD, RepositoryOptions.defaults())) {
            return repo.repair().rebuildIndex(readAll, report::add);
        }
    }

    @Test
    void rebuildsDeletedIndexFilesFromPackHeadersReadingOnlyTheirTails() throws Exception {
        Storage inner = Storages.inMemory();
        List<byte[]> blobs = fill(inner, 1);
        Map<Id, Long> packSizes;
        try (Repository repo = Repositories.open(inner, PASSWORD, RepositoryOptions.defaults())) {
            packSizes = repo.indexedPackSizes();
        }
        for (Id index : list(inner, FileType.INDEX)) {
            inner.remove(Handle.of(FileType.INDEX, index.hex()));
        }
        RecordingStorage storage = new RecordingStorage(inner);
        IndexRepairResult result = rebuild(storage, false);
        assertThat(result.packsIndexed()).isEqualTo(packSizes.size());
        assertThat(result.packsAdded()).isEqualTo(packSizes.size());
        assertThat(result.blobsIndexed()).isEqualTo(41);
        assertThat(result.indexFilesWritten()).isEqualTo(1);
        assertThat(storage.packBytesRead).as("only header bytes are read")
                .isLessThanOrEqualTo((long) packSizes.size() * PackHeaders.EAGER_TAIL);
        try (Repository repo = Repositories.open(inner, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(repo.indexedPackSizes()).isEqualTo(packSizes);
            for (byte[] b : blobs) {
                assertThat(repo.loadBlob(BlobType.DATA, Id.hash(b))).isEqualTo(b);
            }
            assertThat(repo.indexProblems()).isEmpty();
        }
    }

    @Test
    void replacesUndecodableIndexFilesAndForgetsMissingPacks() throws Exception {
        Storage storage = Storages.inMemory();
        List<byte[]> blobs = fill(storage, 2);
        Id oldIndex = list(storage, FileType.INDEX).get(0);
        byte[] garbage = "not an index".getBytes();
        storage.save(Handle.of(FileType.INDEX, Id.hash(garbage).hex()), ByteSource.of(garbage));
        assertThatThrownBy(() -> Repositories.open(storage, PASSWORD, RepositoryOptions.defaults()))
                .isInstanceOf(RepositoryException.Corrupt.class);
        PackedBlob gone;
        try (Repository repo = Repositories.openWithoutIndex(storage, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(repo.hasBlob(BlobType.DATA, Id.hash(blobs.get(0)))).isFalse();
        }
        // find a data pack through the (still good) old index, then delete it
        storage.remove(Handle.of(FileType.INDEX, Id.hash(garbage).hex()));
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            gone = repo.lookup(BlobType.DATA, Id.hash(blobs.get(0)));
        }
        storage.save(Handle.of(FileType.INDEX, Id.hash(garbage).hex()), ByteSource.of(garbage));
        storage.remove(Handle.of(FileType.PACK, gone.pack().hex()));
        IndexRepairResult result = rebuild(storage, false);
        assertThat(result.unreadableIndexFiles()).isEqualTo(1);
        assertThat(result.packsRemoved()).isEqualTo(1);
        assertThat(result.indexFilesRemoved()).isEqualTo(2);
        assertThat(list(storage, FileType.INDEX)).doesNotContain(oldIndex).hasSize(1);
        assertThat(report).anySatisfy(l -> assertThat(l).contains("removed pack " + gone.pack().shortHex()));
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(repo.hasBlob(BlobType.DATA, gone.id())).isFalse();
            assertThat(repo.indexedPackSizes()).doesNotContainKey(gone.pack());
        }
    }

    @Test
    void rebuildIsIdempotentAndSkipsPacksWithUnreadableHeaders() throws Exception {
        Storage storage = Storages.inMemory();
        fill(storage, 3);
        Id pack = list(storage, FileType.PACK).get(0);
        byte[] bytes = storage.load(Handle.of(FileType.PACK, pack.hex()));
        bytes[bytes.length - 10] ^= 1; // inside the encrypted header
        storage.remove(Handle.of(FileType.PACK, pack.hex()));
        storage.save(Handle.of(FileType.PACK, pack.hex()), ByteSource.of(bytes));
        IndexRepairResult first = rebuild(storage, false);
        assertThat(first.skippedPacks()).containsExactly(pack);
        IndexRepairResult second = rebuild(storage, false);
        assertThat(second.packsIndexed()).isEqualTo(first.packsIndexed());
        assertThat(second.packsAdded()).isZero();
        assertThat(list(storage, FileType.INDEX)).hasSize(1);
    }

    @Test
    void readAllPacksReportsDamagedBlobsAndSalvageKeepsTheIntactOnes() throws Exception {
        Storage storage = Storages.inMemory();
        List<byte[]> blobs = fill(storage, 4);
        PackedBlob victim;
        List<PackedBlob> samePack = new ArrayList<>();
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            victim = repo.lookup(BlobType.DATA, Id.hash(blobs.get(5)));
            repo.forEachIndexedBlob(b -> {
                if (b.pack().equals(victim.pack())) {
                    samePack.add(b);
                }
            });
        }
        byte[] bytes = storage.load(Handle.of(FileType.PACK, victim.pack().hex()));
        bytes[(int) victim.offset() + 100] ^= 0x40;
        storage.remove(Handle.of(FileType.PACK, victim.pack().hex()));
        storage.save(Handle.of(FileType.PACK, victim.pack().hex()), ByteSource.of(bytes));

        assertThat(rebuild(storage, true).damagedPacks()).containsExactly(victim.pack());

        PackRepairResult result;
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            result = repo.repair().salvagePacks(List.of(victim.pack()), report::add);
        }
        assertThat(result.lostBlobs()).extracting(PackedBlob::id).containsExactly(victim.id());
        assertThat(result.blobsSalvaged()).isEqualTo(samePack.size() - 1);
        assertThat(result.newPacks()).hasSize(1);
        assertThat(list(storage, FileType.PACK)).doesNotContain(victim.pack());
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(repo.hasBlob(BlobType.DATA, victim.id())).isFalse();
            for (byte[] b : blobs) {
                if (!Id.hash(b).equals(victim.id())) {
                    assertThat(repo.loadBlob(BlobType.DATA, Id.hash(b))).isEqualTo(b);
                }
            }
            assertThat(repo.indexProblems()).isEmpty();
        }
    }

    @Test
    void salvagingAMissingPackTakesItOutOfTheIndex() throws Exception {
        Storage storage = Storages.inMemory();
        List<byte[]> blobs = fill(storage, 5);
        PackedBlob victim;
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            victim = repo.lookup(BlobType.DATA, Id.hash(blobs.get(0)));
        }
        storage.remove(Handle.of(FileType.PACK, victim.pack().hex()));
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            PackRepairResult result = repo.repair().salvagePacks(List.of(victim.pack()), report::add);
            assertThat(result.blobsSalvaged()).isZero();
            assertThat(result.lostBlobs()).isNotEmpty();
        }
        try (Repository repo = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(repo.indexedPackSizes()).doesNotContainKey(victim.pack());
        }
    }

    /** Passes everything through and counts the bytes read from pack files. */
    private static final class RecordingStorage extends ForwardingStorage {
        volatile long packBytesRead;

        RecordingStorage(Storage inner) {
            super(inner);
        }

        @Override
        public synchronized InputStream open(Handle handle, long offset, long length) throws IOException {
            if (handle.type() == FileType.PACK) {
                packBytesRead += length < 0 ? inner.stat(handle).size() - offset : length;
            }
            return inner.open(handle, offset, length);
        }

    }
}
