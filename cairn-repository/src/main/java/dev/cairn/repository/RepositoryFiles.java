package dev.cairn.repository;

import dev.cairn.repository.codec.Unpacked;
import dev.cairn.repository.crypto.Crypto;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import javax.crypto.AEADBadTagException;

/**
 * restic's "unpacked" files (index, snapshots, locks): encrypted, v2 compressed with a version byte, named by the
 * hash of their stored bytes. Every load re-hashes the file and checks it against its name.
 */
final class RepositoryFiles {

    /** Work for each file of a listing. */
    interface FileTask {
        void run(Id id) throws IOException;
    }

    private final Storage storage;
    private final Crypto crypto;
    private final int repoVersion;

    RepositoryFiles(Storage storage, Crypto crypto, int repoVersion) {
        this.storage = storage;
        this.crypto = crypto;
        this.repoVersion = repoVersion;
    }

    Storage storage() {
        return storage;
    }

    /** Encrypts (v2: compresses first) and saves; returns the file's ID. */
    Id saveUnpacked(FileType type, byte[] json) throws IOException {
        byte[] sealed = crypto.seal(repoVersion >= 2 ? Unpacked.compress(json) : json);
        Id id = Id.hash(sealed);
        storage.save(Handle.of(type, id.hex()), ByteSource.of(sealed));
        return id;
    }

    /** Loads, checks the name against the content hash, decrypts and decompresses. */
    byte[] loadUnpacked(FileType type, Id id) throws IOException {
        Handle handle = Handle.of(type, id.hex());
        byte[] sealed = storage.load(handle);
        if (!Id.hash(sealed).equals(id)) {
            throw new RepositoryException.Corrupt(storage.location() + ": " + handle
                    + ": content does not match its name (the file is damaged)");
        }
        try {
            return Unpacked.decompress(crypto.open(sealed));
        } catch (AEADBadTagException e) {
            throw new RepositoryException.Corrupt(storage.location() + ": " + handle
                    + ": authentication failed (the file is damaged)", e);
        } catch (IOException e) {
            throw new RepositoryException.Corrupt(storage.location() + ": " + handle + ": " + e.getMessage(), e);
        }
    }

    /** The IDs of all files of {@code type}; foreign names (not 64 hex digits) are skipped, as restic does. */
    List<Id> list(FileType type) throws IOException {
        List<Id> ids = new ArrayList<>();
        storage.list(type, f -> {
            if (Id.isId(f.name())) {
                synchronized (ids) {
                    ids.add(Id.parse(f.name()));
                }
            }
        });
        return ids;
    }

    /** Runs {@code task} for each ID on virtual threads, a few per storage connection; the first failure wins. */
    void forEachParallel(List<Id> ids, FileTask task) throws IOException {
        Semaphore limit = new Semaphore(Math.max(4, storage.connections() * 2));
        List<Future<?>> futures = new ArrayList<>(ids.size());
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Id id : ids) {
                futures.add(exec.submit(() -> {
                    limit.acquire();
                    try {
                        task.run(id);
                    } finally {
                        limit.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }
}
