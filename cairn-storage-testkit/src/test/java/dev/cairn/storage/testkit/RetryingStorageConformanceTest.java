package dev.cairn.storage.testkit;

import dev.cairn.storage.FaultInjectingStorage;
import dev.cairn.storage.FaultInjectingStorage.Operation;
import dev.cairn.storage.RetryPolicy;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.Storages;
import java.time.Duration;
import java.util.Random;

/**
 * The retry decorator over a storage that fails every operation's first attempts transiently still keeps the whole
 * contract: the faults are invisible to callers.
 */
class RetryingStorageConformanceTest extends StorageConformanceSuite {
    @Override
    protected Storage newStorage() throws Exception {
        FaultInjectingStorage flaky = new FaultInjectingStorage(Storages.inMemory());
        for (Operation op : Operation.values()) {
            flaky.failNext(op, 2, () -> new StorageException.Transient("injected transient fault", null));
        }
        Storage storage = Storages.retrying(flaky, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)),
                delay -> { }, new Random(seed));
        storage.create();
        return storage;
    }
}
