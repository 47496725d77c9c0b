package dev.cairn.repository;

import static dev.cairn.repository.RepositoryTest.CHEAP;
import static dev.cairn.repository.RepositoryTest.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FaultInjectingStorage;
import dev.cairn.storage.FileType;
import dev.cairn.storage.ForwardingStorage;
import dev.cairn.storage.Handle;
import dev.cairn.storage.RetryPolicy;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A pack's name is the SHA-256 of the bytes uploaded, not of bytes read back from its temporary file: the hash is
 * built up as the pack is appended ({@link PackFile}), so every path that writes packs is checked here against
 * what the storage actually received, on every attempt, with each pack's first upload failing after its content
 * was read through (a retry replays the temporary file).
 */
class PackIdTest {

    private final Storage memory = Storages.inMemory();
    /** Packs already attempted once: the first upload of each fails (a connection lost at the end). */
    private final Set<Handle> attempted = ConcurrentHashMap.newKeySet();
    private final FaultInjectingStorage faults = new FaultInjectingStorage(memory).failWhen(FaultInjectingStorage
            .Operation.SAVE, h -> h.type() == FileType.PACK && attempted.add(h),
            () -> new StorageException.Transient("connection reset after the upload", null));
    private final HashingStorage uploads = new HashingStorage(faults);
    private final Storage storage = Storages.retrying(uploads, new RetryPolicy(3, Duration.ZERO, Duration.ZERO),
            delay -> { }, new Random(1));

    @Test
    void packNamesAreTheHashOfTheUploadedBytesInBackupRepackAndSalvageWithRetries() throws Exception {
        Random random = new Random(11);
        List<byte[]> blobs = new ArrayList<>();
        RepositoryOptions options = RepositoryOptions.defaults().withPackSize(RepositoryOptions.MIN_PACK_SIZE)
                .withCompression(CompressionMode.OFF);
        try (Repository repo = Repositories.init(storage, PASSWORD, options, CHEAP)) {
            for (int i = 0; i < 40; i++) {
                byte[] data = new byte[300 * 1024];
                if (i % 2 == 0) {
                    random.nextBytes(data);
                } else {
                    Arrays.fill(data, (byte) i); // compressible, so that repacking with compression changes it
                }
                blobs.add(data);
                repo.saveBlob(BlobType.DATA, Id.hash(data), data);
            }
            repo.saveTree(Tree.EMPTY);
            repo.flush();
        }
        Set<Id> written = checkUploads();
        assertThat(written).hasSizeGreaterThan(3);

        // prune's repack: one pack copied as it is, one with its blobs compressed and sealed anew
        try (Repository repo = Repositories.open(storage, PASSWORD, options)) {
            List<Id> packs = dataPacks(repo);
            Map<Id, List<PackedBlob>> blobsOf = blobsByPack(repo);
            repo.copyBlobs(packs.get(0), blobsOf.get(packs.get(0)), false);
            repo.copyBlobs(packs.get(1), blobsOf.get(packs.get(1)), true);
            repo.removeFiles(FileType.INDEX, repo.rewriteIndex(Set.of(packs.get(0), packs.get(1))));
            repo.removeFiles(FileType.PACK, List.of(packs.get(0), packs.get(1)));
        }
        Set<Id> repacked = checkUploads();
        repacked.removeAll(written);
        assertThat(repacked).hasSize(2);

        // salvage: a pack with one damaged blob; its intact blobs go into a new pack
        PackedBlob victim;
        try (Repository repo = Repositories.open(storage, PASSWORD, options)) {
            victim = repo.lookup(BlobType.DATA, Id.hash(blobs.get(2)));
        }
        Handle damaged = Handle.of(FileType.PACK, victim.pack().hex());
        byte[] bytes = memory.load(damaged);
        bytes[(int) victim.offset() + 100] ^= 0x40;
        memory.remove(damaged);
        memory.save(damaged, ByteSource.of(bytes));
        PackRepairResult result;
        try (Repository repo = Repositories.open(storage, PASSWORD, options)) {
            result = repo.repair().salvagePacks(List.of(victim.pack()), message -> { });
        }
        assertThat(result.newPacks()).hasSize(1);
        assertThat(checkUploads()).contains(result.newPacks().getFirst());

        try (Repository repo = Repositories.open(storage, PASSWORD, options)) {
            for (byte[] b : blobs) {
                Id id = Id.hash(b);
                if (!id.equals(victim.id())) {
                    assertThat(repo.loadBlob(BlobType.DATA, id)).isEqualTo(b);
                }
            }
            assertThat(repo.indexProblems()).isEmpty();
        }
    }

    /**
     * Every pack upload attempt sent the bytes its name is the hash of, every pack was retried (so replayed), and
     * every stored pack hashes to its name; returns the stored packs.
     */
    private Set<Id> checkUploads() throws IOException {
        assertThat(uploads.mismatches).isEmpty();
        Set<Id> stored = new HashSet<>();
        memory.list(FileType.PACK, f -> stored.add(Id.parse(f.name())));
        for (Id pack : stored) {
            assertThat(Id.hash(memory.load(Handle.of(FileType.PACK, pack.hex())))).isEqualTo(pack);
            assertThat(uploads.attempts.getOrDefault(pack, 0)).as("upload attempts of %s", pack)
                    .isGreaterThanOrEqualTo(2);
        }
        return stored;
    }

    private static List<Id> dataPacks(Repository repo) {
        Set<Id> packs = new HashSet<>();
        repo.forEachIndexedBlob(b -> {
            if (b.type() == BlobType.DATA) {
                packs.add(b.pack());
            }
        });
        return packs.stream().sorted().toList();
    }

    private static Map<Id, List<PackedBlob>> blobsByPack(Repository repo) {
        Map<Id, List<PackedBlob>> blobs = new ConcurrentHashMap<>();
        repo.forEachIndexedBlob(b -> blobs.computeIfAbsent(b.pack(), p -> new ArrayList<>()).add(b));
        return blobs;
    }

    /** Hashes the content of every pack upload attempt as the storage below receives it. */
    private static final class HashingStorage extends ForwardingStorage {
        final Map<Id, Integer> attempts = new ConcurrentHashMap<>();
        final List<String> mismatches = new java.util.concurrent.CopyOnWriteArrayList<>();

        HashingStorage(Storage inner) {
            super(inner);
        }

        @Override
        public void save(Handle handle, ByteSource content) throws IOException {
            if (handle.type() == FileType.PACK) {
                MessageDigest sha = Id.sha256();
                long length = 0;
                try (InputStream in = content.open()) {
                    byte[] buf = new byte[64 << 10];
                    for (int n; (n = in.read(buf)) > 0; length += n) {
                        sha.update(buf, 0, n);
                    }
                }
                Id actual = Id.of(sha.digest());
                if (!actual.hex().equals(handle.name()) || length != content.length()) {
                    mismatches.add(handle.name() + ": uploaded " + length + " bytes hashing to " + actual);
                }
                attempts.merge(Id.parse(handle.name()), 1, Integer::sum);
            }
            super.save(handle, content);
        }
    }
}
