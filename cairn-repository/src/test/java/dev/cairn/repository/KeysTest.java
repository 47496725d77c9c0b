package dev.cairn.repository;

import static dev.cairn.repository.RepositoryTest.CHEAP;
import static dev.cairn.repository.RepositoryTest.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.Storages;
import org.junit.jupiter.api.Test;

class KeysTest {

    private static final char[] SECOND = "second password".toCharArray();

    @Test
    void addedKeysOpenTheRepositoryAndAreListedWithTheirOwner() throws Exception {
        Storage storage = Storages.inMemory();
        Id first;
        Id added;
        try (Repository repo = RepositoryTest.newRepo(storage)) {
            first = repo.keys().current();
            added = repo.keys().add(SECOND, "alice", "laptop", CHEAP);
            assertThat(repo.keys().list()).extracting(KeyInfo::id, KeyInfo::current)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(first, true),
                            org.assertj.core.groups.Tuple.tuple(added, false));
            KeyInfo info = repo.keys().list().stream().filter(k -> k.id().equals(added)).findFirst().orElseThrow();
            assertThat(info.username()).isEqualTo("alice");
            assertThat(info.hostname()).isEqualTo("laptop");
        }
        try (Repository viaSecond = Repositories.open(storage, SECOND, RepositoryOptions.defaults())) {
            assertThat(viaSecond.keys().current()).isEqualTo(added);
        }
        try (Repository viaFirst = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(viaFirst.keys().current()).isEqualTo(first);
        }
    }

    @Test
    void removeRefusesTheKeyInUseAndTheLastKey() throws Exception {
        Storage storage = Storages.inMemory();
        try (Repository a = RepositoryTest.newRepo(storage)) {
            Id keyA = a.keys().current();
            Id keyB = a.keys().add(SECOND, "", "", CHEAP);
            assertThatThrownBy(() -> a.keys().remove(keyA)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("key in use");
            try (Repository b = Repositories.open(storage, SECOND, RepositoryOptions.defaults())) {
                b.keys().remove(keyA);
            }
            assertThatThrownBy(() -> a.keys().remove(keyB)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("last key");
            assertThat(storage.stat(Handle.of(FileType.KEY, keyB.hex())).size()).isPositive();
            assertThatThrownBy(() -> a.keys().remove(keyA)).isInstanceOf(IllegalStateException.class);
            Id unknown = Id.hash(new byte[] {1});
            assertThatThrownBy(() -> a.keys().remove(unknown)).isInstanceOf(StorageException.NotFound.class);
        }
    }

    @Test
    void changePasswordAddsTheNewKeyBeforeRemovingTheOld() throws Exception {
        Storage storage = Storages.inMemory();
        try (Repository repo = RepositoryTest.newRepo(storage)) {
            Id old = repo.keys().current();
            Id fresh = repo.keys().changePassword(SECOND, "", "", CHEAP);
            assertThat(repo.keys().current()).isEqualTo(fresh);
            assertThat(repo.keys().list()).extracting(KeyInfo::id).containsExactly(fresh);
            assertThatThrownBy(() -> storage.stat(Handle.of(FileType.KEY, old.hex())))
                    .isInstanceOf(StorageException.NotFound.class);
        }
        assertThatThrownBy(() -> Repositories.open(storage, PASSWORD, RepositoryOptions.defaults()))
                .isInstanceOf(RepositoryException.WrongPassword.class);
        Repositories.open(storage, SECOND, RepositoryOptions.defaults()).close();
    }

    @Test
    void emptyPasswordsAreRefused() throws Exception {
        try (Repository repo = RepositoryTest.newRepo(Storages.inMemory())) {
            assertThatThrownBy(() -> repo.keys().add(new char[0], "", "", CHEAP))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aKeyFileWithAnImpossibleSaltIsSkippedAndNamedNotThrown() throws Exception {
        Storage storage = Storages.inMemory();
        Id added;
        try (Repository repo = RepositoryTest.newRepo(storage)) {
            added = repo.keys().add(SECOND, "alice", "laptop", CHEAP);
        }
        // A flipped byte in the salt's base64 can decode to 66 bytes instead of 64 (found by CorruptionPropertyTest).
        Handle key = Handle.of(FileType.KEY, added.hex());
        String json = new String(storage.load(key), java.nio.charset.StandardCharsets.UTF_8);
        String damaged = json.replaceFirst("\"salt\"\\s*:\\s*\"[^\"]*\"",
                "\"salt\":\"" + java.util.Base64.getEncoder().encodeToString(new byte[66]) + "\"");
        assertThat(damaged).isNotEqualTo(json);
        storage.remove(key);
        storage.save(key, dev.cairn.storage.ByteSource.of(damaged.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        try (Repository viaFirst = Repositories.open(storage, PASSWORD, RepositoryOptions.defaults())) {
            assertThat(viaFirst.keys().current()).isNotEqualTo(added);
        }
        assertThatThrownBy(() -> Repositories.open(storage, SECOND, RepositoryOptions.defaults()))
                .isInstanceOf(RepositoryException.WrongPassword.class)
                .hasMessageContaining("damaged key files: " + added.hex().substring(0, 8))
                .hasMessageContaining("salt");
    }
}
