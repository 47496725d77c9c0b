package dev.cairn.repository;

import dev.cairn.repository.codec.IndexCodec;
import dev.cairn.repository.codec.IndexPack;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Writes a new set of index files for the repairs, a batch at a time (restic's 50 000 blobs per file) so memory
 * stays bounded, and afterwards removes the index files it replaces. New files are written before any old one is
 * removed: a crash in between leaves packs listed twice, which check reports as harmless, never packs listed
 * nowhere.
 */
final class IndexWriter {

    private static final int MAX_BLOBS_PER_FILE = 50_000;

    private final RepositoryFiles files;
    private final BiConsumer<Id, List<IndexPack>> written;
    private final List<Id> ids = new ArrayList<>();
    private List<IndexPack> batch = new ArrayList<>();
    private int blobs;

    /** @param written told about each index file once it is saved (the repository adds it to its index) */
    IndexWriter(RepositoryFiles files, BiConsumer<Id, List<IndexPack>> written) {
        this.files = files;
        this.written = written;
    }

    synchronized void add(IndexPack pack) throws IOException {
        batch.add(pack);
        blobs += pack.blobs().size();
        if (blobs >= MAX_BLOBS_PER_FILE) {
            writeBatch();
        }
    }

    /** Writes what is left; returns the IDs of all index files written. */
    synchronized List<Id> finish() throws IOException {
        if (!batch.isEmpty()) {
            writeBatch();
        }
        return List.copyOf(ids);
    }

    private void writeBatch() throws IOException {
        Id id = files.saveUnpacked(FileType.INDEX, IndexCodec.encode(batch));
        ids.add(id);
        written.accept(id, batch);
        batch = new ArrayList<>();
        blobs = 0;
    }

    /**
     * Removes the replaced index files; a failure is reported, not thrown (the leftover only lists packs twice).
     *
     * @return how many were removed
     */
    int removeOld(List<Id> old, Consumer<String> report) {
        int removed = 0;
        for (Id id : old) {
            if (ids.contains(id)) {
                continue;
            }
            try {
                files.storage().remove(Handle.of(FileType.INDEX, id.hex()));
                removed++;
            } catch (StorageException.NotFound gone) {
                // removed by an earlier, interrupted repair
            } catch (IOException e) {
                report.accept("could not remove old index " + id.shortHex() + ": " + e.getMessage()
                        + " (harmless: it only lists packs twice; run the repair again to remove it)");
            }
        }
        return removed;
    }
}
