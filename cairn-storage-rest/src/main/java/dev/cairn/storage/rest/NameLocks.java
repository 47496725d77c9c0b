package dev.cairn.storage.rest;

import dev.cairn.storage.Handle;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** Striped locks by file name: saves of one name are serialized, saves of different names rarely wait. */
final class NameLocks {
    private final Lock[] stripes = new Lock[64];

    NameLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Locks the stripe of {@code handle} and returns it, for the caller to unlock. */
    Lock lock(Handle handle) {
        Lock lock = stripes[Math.floorMod(handle.hashCode(), stripes.length)];
        lock.lock();
        return lock;
    }
}
