package dev.cairn.snapshots.testing;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The repository of snapshot-layer tests: the real engine (restic format v2, encrypted, compressed) on in-memory
 * storage, so tests exercise exactly what users run, quickly. Damage is done to the stored bytes, where it happens
 * in real life, and is detected where the engine detects it.
 */
public final class TestRepository {

    /** Key derivation parameters that cost nothing (the password protects no real data here). */
    private static final ScryptParams CHEAP_KDF = new ScryptParams(16, 1, 1);
    private static final char[] PASSWORD = "test".toCharArray();

    private TestRepository() {
    }

    /** A new repository on in-memory storage. */
    public static Repository create() {
        return create(Storages.inMemory(), RepositoryOptions.defaults());
    }

    /** A new repository on {@code storage} (e.g. a decorator that injects faults or counts reads). */
    public static Repository create(Storage storage, RepositoryOptions options) {
        try {
            return Repositories.init(storage, PASSWORD, options, CHEAP_KDF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens {@code storage} again, as a second process would (loads the index files written so far). */
    public static Repository reopen(Storage storage) throws IOException {
        return Repositories.open(storage, PASSWORD, RepositoryOptions.defaults());
    }

    /** Stores a data blob and returns its ID ({@link Repository#flush()} makes it durable and indexed). */
    public static Id data(Repository repo, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Id id = Id.hash(bytes);
        repo.saveBlob(BlobType.DATA, id, bytes);
        return id;
    }

    /** The pack holding a blob, per the index. */
    public static Id packOf(Repository repo, BlobType type, Id id) {
        PackedBlob b = repo.lookup(type, id);
        if (b == null) {
            throw new IllegalStateException(type + " blob " + id + " is not indexed (flush first)");
        }
        return b.pack();
    }

    public static Handle packHandle(Id pack) {
        return Handle.of(FileType.PACK, pack.hex());
    }

    /** Replaces a stored file's bytes (files are immutable in storage, so remove and save). */
    public static void overwrite(Storage storage, Handle handle, byte[] bytes) throws IOException {
        storage.remove(handle);
        storage.save(handle, ByteSource.of(bytes));
    }

    /** Flips one byte inside the stored (encrypted) blob: it then fails its MAC when read. */
    public static void damage(Repository repo, BlobType type, Id id) throws IOException {
        PackedBlob b = repo.lookup(type, id);
        Handle h = packHandle(b.pack());
        byte[] bytes = repo.storage().load(h);
        bytes[(int) b.offset() + 20] ^= 1; // past the 16-byte IV, inside the ciphertext
        overwrite(repo.storage(), h, bytes);
    }
}
