package dev.cairn.snapshots.testing;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.ForwardingStorage;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory storage that lets a test watch and steer what the engine writes: a hook runs before every save (to
 * inject a failure or block), lock files are counted, and the write-order contract is checked where it matters —
 * a snapshot file may only be saved when no pack upload is under way and an index file was written after the last
 * pack (so every blob the snapshot names is durable and indexed).
 */
public final class ObservedStorage extends ForwardingStorage {

    /** Runs before a file is saved; may throw (disk full) or block (to test interruption). */
    public interface SaveHook {
        void beforeSave(Handle handle) throws IOException;
    }

    private final AtomicInteger lockSaves = new AtomicInteger();
    private final AtomicInteger packsInFlight = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong lastPack = new AtomicLong(-1);
    private final AtomicLong lastIndex = new AtomicLong(-1);
    private volatile SaveHook hook = h -> { };

    public ObservedStorage() {
        super(Storages.inMemory());
    }

    public void hook(SaveHook hook) {
        this.hook = hook;
    }

    /** How many lock files were written (each lock taken, and each refresh). */
    public int lockSaves() {
        return lockSaves.get();
    }

    /** The files of {@code type} now stored. */
    public int count(FileType type) throws IOException {
        AtomicInteger n = new AtomicInteger();
        inner.list(type, f -> n.incrementAndGet());
        return n.get();
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        hook.beforeSave(handle);
        switch (handle.type()) {
            case LOCK -> {
                inner.save(handle, content);
                lockSaves.incrementAndGet();
            }
            case PACK -> {
                packsInFlight.incrementAndGet();
                try {
                    inner.save(handle, content);
                    lastPack.set(sequence.incrementAndGet());
                } finally {
                    packsInFlight.decrementAndGet();
                }
            }
            case INDEX -> {
                inner.save(handle, content);
                lastIndex.set(sequence.incrementAndGet());
            }
            case SNAPSHOT -> {
                if (packsInFlight.get() > 0 || lastPack.get() > lastIndex.get()) {
                    throw new AssertionError("snapshot " + handle + " saved before its data was flushed: "
                            + packsInFlight.get() + " pack upload(s) under way, last pack #" + lastPack.get()
                            + ", last index #" + lastIndex.get());
                }
                inner.save(handle, content);
            }
            default -> inner.save(handle, content);
        }
    }

    @Override
    public String location() {
        return "observed:" + inner.location();
    }

}
