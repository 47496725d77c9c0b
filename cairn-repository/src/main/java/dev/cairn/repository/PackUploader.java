package dev.cairn.repository;

import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Uploads finished packs on virtual threads. At most {@code maxPending} packs are waiting or uploading (in temporary
 * files, see {@link PackFile}), each file deleted once the storage is done with it, uploaded or not;
 * a producer that finishes one more blocks until an upload completes, so memory stays bounded whatever the speed
 * of the storage. The first failure is kept and rethrown to the producer and to {@link #awaitAll()}.
 */
final class PackUploader {

    private final Storage storage;
    private final Semaphore pending;
    private final int maxPending;
    private final Consumer<Packer.Finished> onUploaded;
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    PackUploader(Storage storage, int maxPending, Consumer<Packer.Finished> onUploaded) {
        this.storage = storage;
        this.maxPending = maxPending;
        this.pending = new Semaphore(maxPending);
        this.onUploaded = onUploaded;
    }

    /** Uploads the pack on a virtual thread; waits while {@code maxPending} are pending. */
    void submit(Packer.Finished pack) throws IOException {
        try {
            throwIfFailed();
            pending.acquire();
        } catch (IOException e) {
            pack.file().close();
            throw e;
        } catch (InterruptedException e) {
            pack.file().close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to upload a pack");
        }
        Thread.ofVirtual().name("upload-pack").start(() -> {
            try {
                if (failure.get() == null) {
                    storage.save(Handle.of(FileType.PACK, pack.id().hex()), pack.file().content());
                    onUploaded.accept(pack);
                }
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, new IOException("uploading pack "
                        + pack.id().shortHex() + ": " + e, e));
            } finally {
                try {
                    pack.file().close();
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
                pending.release();
            }
        });
    }

    /** Waits until every submitted pack is uploaded; rethrows the first failure. */
    void awaitAll() throws IOException {
        try {
            pending.acquire(maxPending);
            pending.release(maxPending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for pack uploads");
        }
        throwIfFailed();
    }

    private void throwIfFailed() throws IOException {
        IOException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
