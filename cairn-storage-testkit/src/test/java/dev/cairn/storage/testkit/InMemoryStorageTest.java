package dev.cairn.storage.testkit;

import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;

/** The in-memory backend passes the whole storage contract, so upper layers can trust it in their tests. */
class InMemoryStorageTest extends StorageConformanceSuite {
    @Override
    protected Storage newStorage() throws Exception {
        Storage storage = Storages.inMemory();
        storage.create();
        return storage;
    }
}
