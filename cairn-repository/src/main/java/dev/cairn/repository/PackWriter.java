package dev.cairn.repository;

import dev.cairn.repository.crypto.Crypto;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fills one open pack per blob type with sealed blobs and hands full packs to a {@link PackUploader}. The one place
 * that knows when a pack is full; used by backups ({@link DefaultRepository#saveBlob}) and by prune's repacking.
 *
 * <p>Memory: packs are assembled in temporary files ({@link PackFile}), not on the heap: at most
 * {@code connections} packs uploading plus the open ones take disk space (a few times the pack size), and the heap
 * holds only their index entries, whatever the number of packs in flight. (Held in byte arrays, each 17 MiB pack
 * outlived a young collection and died in the old generation: the heap had to be sized for them.)
 */
final class PackWriter {

    private final Crypto crypto;
    private final int packSize;
    private final Packer[] packers = new Packer[BlobType.values().length];
    private final PackUploader uploader;
    private final Path tempDir;

    /** @param onUploaded called (on an upload thread) with each pack once it is stored */
    PackWriter(Storage storage, Crypto crypto, int packSize, Consumer<Packer.Finished> onUploaded) {
        this(storage, crypto, packSize, PackFile.defaultDirectory(), onUploaded);
    }

    PackWriter(Storage storage, Crypto crypto, int packSize, Path tempDir, Consumer<Packer.Finished> onUploaded) {
        this.crypto = crypto;
        this.packSize = packSize;
        this.tempDir = tempDir;
        // One pack per connection uploading while the next fills: about (connections + 1) x pack size of temporary
        // files (plus a small tree pack), whatever the size of the backup.
        this.uploader = new PackUploader(storage, Math.max(1, storage.connections()), onUploaded);
    }

    /** Adds a sealed blob; when its pack is full, submits it for upload (blocking while too many are pending). */
    void add(BlobType type, Id id, byte[] sealed, int uncompressedLength) throws IOException {
        add(type, id, sealed, 0, sealed.length, uncompressedLength);
    }

    /** Adds the sealed blob at {@code offset} in {@code buf}; the bytes are copied before this returns. */
    void add(BlobType type, Id id, byte[] buf, int offset, int length, int uncompressedLength) throws IOException {
        Packer.Finished full = null;
        synchronized (packers) {
            Packer packer = packers[type.ordinal()];
            if (packer == null) {
                packer = new Packer(type, PackFile.create(tempDir));
                packers[type.ordinal()] = packer;
            }
            try {
                packer.add(id, buf, offset, length, uncompressedLength);
                if (packer.size() >= packSize || packer.headerFull()) {
                    packers[type.ordinal()] = null;
                    full = packer.finish(crypto);
                }
            } catch (IOException | RuntimeException e) {
                // A failed write (disk full) leaves a partial blob in the file: drop the pack, the run fails.
                packers[type.ordinal()] = null;
                closeQuietly(packer.fileForCleanup(), e);
                throw e;
            }
        }
        if (full != null) {
            uploader.submit(full);
        }
    }

    /** Uploads the partly filled packs and waits until every pack is stored; rethrows the first upload failure. */
    void flush() throws IOException {
        List<Packer.Finished> last = new ArrayList<>(2);
        synchronized (packers) {
            try {
                for (int i = 0; i < packers.length; i++) {
                    Packer packer = packers[i];
                    packers[i] = null;
                    if (packer != null && !packer.isEmpty()) {
                        last.add(packer.finish(crypto));
                    } else if (packer != null) {
                        packer.discard();
                    }
                }
            } catch (IOException | RuntimeException e) {
                last.forEach(f -> closeQuietly(f.file(), e));
                discard();
                throw e;
            }
        }
        for (int i = 0; i < last.size(); i++) {
            try {
                uploader.submit(last.get(i));
            } catch (IOException e) {
                // submit closed its own pack; the ones not submitted are this method's to delete
                last.subList(i + 1, last.size()).forEach(f -> closeQuietly(f.file(), e));
                throw e;
            }
        }
        uploader.awaitAll();
    }

    /**
     * Deletes the packs still being filled, for a writer abandoned after a failure (a successful run has flushed
     * them): their blobs are in no index, so nothing refers to them.
     */
    void discard() throws IOException {
        IOException first = null;
        synchronized (packers) {
            for (int i = 0; i < packers.length; i++) {
                if (packers[i] != null) {
                    try {
                        packers[i].discard();
                    } catch (IOException e) {
                        first = first == null ? e : first;
                    }
                    packers[i] = null;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void closeQuietly(PackFile file, Exception primary) {
        try {
            file.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
