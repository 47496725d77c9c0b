package dev.cairn.storage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Builds storages: the backends that live in this module and the decorators that wrap any storage. */
public final class Storages {

    private Storages() {
    }

    /**
     * A repository in a local directory, in restic's layout ({@code data/<id[0:2]>/<id>} for packs); files are
     * written atomically and made read-only (0400), directories are 0700. {@link Storage#create()} makes the
     * directory if it is missing; every other operation on a missing directory throws
     * {@link StorageException.NotFound}.
     */
    public static Storage local(Path root) {
        return new LocalStorage(Objects.requireNonNull(root, "root"));
    }

    /** A fresh, empty storage held in memory, for tests; it behaves like the others (immutable, atomic files). */
    public static Storage inMemory() {
        return new InMemoryStorage();
    }

    /**
     * Retries {@link StorageException.Transient} faults of {@code inner} by {@code policy}, really sleeping. Saves
     * replay their {@link ByteSource}; opens are retried, but a stream that fails while being read is the caller's
     * to reopen, since only it knows how far it got.
     */
    public static Storage retrying(Storage inner, RetryPolicy policy) {
        // ThreadLocalRandom instances must not be shared between threads, so fetch the current one per draw.
        RandomGenerator perThread = () -> ThreadLocalRandom.current().nextLong();
        return retrying(inner, policy, RetryPolicy.Sleeper.system(), perThread);
    }

    /**
     * As {@link #retrying(Storage, RetryPolicy)}, waiting with {@code sleeper} and drawing the jitter from
     * {@code random}, which must be safe to use from several threads (e.g. {@link java.util.Random}).
     */
    public static Storage retrying(Storage inner, RetryPolicy policy, RetryPolicy.Sleeper sleeper,
            RandomGenerator random) {
        return new RetryingStorage(Objects.requireNonNull(inner, "inner"), Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(sleeper, "sleeper"), Objects.requireNonNull(random, "random"));
    }

    /** {@code inner} with every change (create, save, remove) refused as {@link StorageException.Permanent}. */
    public static Storage readOnly(Storage inner) {
        return new ReadOnlyStorage(Objects.requireNonNull(inner, "inner"));
    }
}
