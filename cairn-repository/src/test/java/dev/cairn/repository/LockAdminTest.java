package dev.cairn.repository;

import static dev.cairn.repository.RepositoryTest.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.codec.LockCodec;
import dev.cairn.repository.codec.LockDocument;
import dev.cairn.repository.crypto.Crypto;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LockAdminTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private RepositoryOptions options() {
        return RepositoryOptions.defaults().withWarnings(warnings::add);
    }

    /** Writes a lock document the way the engine does (encrypted unpacked file), with any time, host and PID. */
    static Id writeLock(Storage storage, Instant time, boolean exclusive, String host, long pid) throws Exception {
        Crypto crypto = new Crypto(KeyStore.open(storage, PASSWORD).masterKey(), new SecureRandom());
        return new RepositoryFiles(storage, crypto, 2).saveUnpacked(FileType.LOCK,
                LockCodec.encode(new LockDocument(time, exclusive, host, "someone", pid, 1000, 1000)));
    }

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static List<Id> lockFiles(Storage storage) throws Exception {
        List<Id> ids = new ArrayList<>();
        storage.list(FileType.LOCK, f -> ids.add(Id.parse(f.name())));
        return ids;
    }

    @Test
    void aLockOfThisHostWithADeadPidIsRemovedAndReported() throws Exception {
        Storage storage = Storages.inMemory();
        RepositoryTest.newRepo(storage).close();
        long pid = deadPid();
        Id stale = writeLock(storage, Instant.now(), true, Hosts.hostname(), pid);
        try (Repository repo = Repositories.open(storage, PASSWORD, options());
                RepositoryLock lock = repo.lock(true)) {
            assertThat(lockFiles(storage)).doesNotContain(stale).hasSize(1);
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("removed stale lock " + stale.shortHex())
                .contains("of dead PID " + pid));
    }

    @Test
    void oldLocksOfOtherHostsBlockUntilUnlockRemovesThem() throws Exception {
        Storage storage = Storages.inMemory();
        RepositoryTest.newRepo(storage).close();
        Id old = writeLock(storage, Instant.now().minus(Duration.ofMinutes(31)), false, "far-away", 4242);
        Id fresh = writeLock(storage, Instant.now(), false, "elsewhere", 4343);
        try (Repository repo = Repositories.open(storage, PASSWORD, options())) {
            assertThatThrownBy(() -> repo.lock(true)).isInstanceOf(RepositoryException.Locked.class)
                    .hasMessageContaining("far-away").hasMessageContaining("PID 4242").hasMessageContaining("stale")
                    .hasMessageContaining("elsewhere").hasMessageContaining("PID 4343")
                    .hasMessageContaining("someone");
            assertThat(repo.locks().list()).extracting(LockInfo::id, LockInfo::stale)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(old, true),
                            org.assertj.core.groups.Tuple.tuple(fresh, false));
            assertThat(repo.locks().removeStale()).extracting(LockInfo::id).containsExactly(old);
            assertThat(lockFiles(storage)).containsExactly(fresh);
            repo.lock(false).close(); // shared locks do not conflict with the remaining shared one
            assertThat(repo.locks().removeAll()).isEqualTo(1);
            repo.lock(true).close();
        }
    }

    @Test
    void retryLockWaitsForTheHolderToRelease() throws Exception {
        Storage storage = Storages.inMemory();
        RepositoryTest.newRepo(storage).close();
        Repository holder = Repositories.open(storage, PASSWORD, options().withHostname("other-host"));
        RepositoryLock held = holder.lock(true);
        Thread release = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1000);
                held.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Repository repo = Repositories.open(storage, PASSWORD, options().withLockRetry(Duration.ofSeconds(3)));
                RepositoryLock lock = repo.lock(true)) {
            assertThat(lock.exclusive()).isTrue();
        }
        release.join();
        holder.close();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("waiting up to 3s"));
    }

    @Test
    void retryLockGivesUpAtTheDeadline() throws Exception {
        Storage storage = Storages.inMemory();
        RepositoryTest.newRepo(storage).close();
        writeLock(storage, Instant.now(), false, "other-host", 77);
        try (Repository repo = Repositories.open(storage, PASSWORD,
                options().withLockRetry(Duration.ofMillis(300)).withClock(Clock.systemUTC()))) {
            assertThatThrownBy(() -> repo.lock(true)).isInstanceOf(RepositoryException.Locked.class)
                    .hasMessageContaining("other-host").hasMessageContaining("gave up after waiting");
        }
    }

    @Test
    void releasingALockThatUnlockRemovedIsNotAnError() throws Exception {
        Storage storage = Storages.inMemory();
        RepositoryTest.newRepo(storage).close();
        try (Repository repo = Repositories.open(storage, PASSWORD, options())) {
            RepositoryLock lock = repo.lock(false);
            assertThat(repo.locks().removeAll()).isEqualTo(1);
            lock.close();
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("already removed"));
    }
}
