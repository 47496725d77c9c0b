package dev.cairn.storage.testkit;

import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The local backend passes the whole storage contract. */
class LocalStorageTest extends StorageConformanceSuite {
    @TempDir
    Path temp;

    private int locations;

    @Override
    protected Storage newStorage() throws Exception {
        Storage storage = Storages.local(temp.resolve("repo-" + locations++));
        storage.create();
        return storage;
    }
}
