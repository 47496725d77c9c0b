package dev.cairn.repository;

import static dev.cairn.repository.RepositoryTest.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index loaded at open is brought up to date when the lock is taken: another process may have added index
 * files (a backup) or replaced them (a prune) while this one waited for the lock (--retry-lock).
 */
class IndexRefreshOnLockTest {

    private static Id save(Repository repo, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Id id = Id.hash(bytes);
        repo.saveBlob(BlobType.DATA, id, bytes);
        repo.flush();
        return id;
    }

    @Test
    void indexFilesWrittenByAnotherProcessBeforeTheLockAreLoaded() throws Exception {
        Storage storage = Storages.inMemory();
        RepositoryTest.newRepo(storage).close();
        try (Repository waiting = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            Id blob;
            try (Repository backup = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
                blob = save(backup, "written while the other process waited");
            }
            assertThat(waiting.hasBlob(BlobType.DATA, blob)).as("not yet: loaded before").isFalse();
            try (RepositoryLock lock = waiting.lock(true)) {
                assertThat(waiting.hasBlob(BlobType.DATA, blob)).isTrue();
                assertThat(waiting.loadBlob(BlobType.DATA, blob)).asString(StandardCharsets.UTF_8)
                        .isEqualTo("written while the other process waited");
            }
        }
    }

    @Test
    void indexFilesReplacedByAnotherProcessBeforeTheLockAreReloaded() throws Exception {
        Storage storage = Storages.inMemory();
        RepositoryTest.newRepo(storage).close();
        Id kept;
        Id dropped;
        try (Repository setup = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            kept = save(setup, "kept");
            dropped = save(setup, "dropped");
        }
        try (Repository waiting = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(waiting.hasBlob(BlobType.DATA, dropped)).isTrue();
            try (Repository prune = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
                Id pack = prune.lookup(BlobType.DATA, dropped).pack();
                prune.removeFiles(dev.cairn.storage.FileType.INDEX, prune.rewriteIndex(Set.of(pack)));
                prune.removeFiles(dev.cairn.storage.FileType.PACK, Set.of(pack));
            }
            try (RepositoryLock lock = waiting.lock(false)) {
                assertThat(waiting.hasBlob(BlobType.DATA, dropped)).as("its pack was pruned").isFalse();
                assertThat(waiting.hasBlob(BlobType.DATA, kept)).isTrue();
                assertThat(waiting.indexProblems()).isEmpty();
                assertThat(waiting.indexFiles()).hasSize(1);
            }
        }
    }
}
