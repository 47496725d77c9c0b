package dev.cairn.repository;

import dev.cairn.repository.codec.IndexCodec;
import dev.cairn.repository.codec.IndexPack;
import dev.cairn.repository.crypto.Crypto;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@link Repair#salvagePacks}, in a crash-safe order: index files without the damaged packs are written first
 * (the old ones still list them), the intact blobs go into new packs that a further index file names, and only
 * then are the old index files and finally the damaged packs removed.
 */
final class PackSalvage {

    private record Key(BlobType type, Id id) {
    }

    private final DefaultRepository repo;
    private final RepositoryFiles files;
    private final Crypto crypto;
    private final RepositoryOptions options;
    private final IndexWriter writer;
    private final Packer[] packers = new Packer[BlobType.values().length];
    private final List<Id> newPacks = new ArrayList<>();

    PackSalvage(DefaultRepository repo, RepositoryFiles files, Crypto crypto, RepositoryOptions options,
            IndexWriter writer) {
        this.repo = repo;
        this.files = files;
        this.crypto = crypto;
        this.options = options;
        this.writer = writer;
    }

    PackRepairResult run(Collection<Id> packIds, Consumer<String> report) throws IOException {
        Set<Id> damaged = new TreeSet<>(packIds);
        List<Id> oldIndex = files.list(FileType.INDEX);
        Map<Id, Map<Key, PackedBlob>> blobsOf = new TreeMap<>();
        damaged.forEach(p -> blobsOf.put(p, new LinkedHashMap<>()));
        for (Id index : oldIndex) {
            for (IndexPack pack : loadIndex(index)) {
                if (damaged.contains(pack.packId())) {
                    pack.blobs().forEach(b -> blobsOf.get(pack.packId()).put(new Key(b.type(), b.id()), b));
                }
            }
        }
        findUnindexed(blobsOf, report);
        Set<Key> wanted = new HashSet<>();
        blobsOf.values().forEach(m -> wanted.addAll(m.keySet()));
        // Second pass: the new index without the damaged packs, noting which wanted blobs other packs hold.
        Set<Key> elsewhere = new HashSet<>();
        for (Id index : oldIndex) {
            for (IndexPack pack : loadIndex(index)) {
                if (damaged.contains(pack.packId())) {
                    continue;
                }
                pack.blobs().forEach(b -> {
                    Key k = new Key(b.type(), b.id());
                    if (wanted.contains(k)) {
                        elsewhere.add(k);
                    }
                });
                writer.add(pack);
            }
        }
        int[] counts = new int[2];
        List<PackedBlob> lost = new ArrayList<>();
        Set<Key> salvaged = new HashSet<>();
        try {
            for (Map.Entry<Id, Map<Key, PackedBlob>> e : blobsOf.entrySet()) {
                salvage(e.getKey(), e.getValue(), elsewhere, salvaged, lost, counts, report);
            }
            for (BlobType type : BlobType.values()) {
                upload(type);
            }
        } finally {
            // after a failure: delete the temporary files of the packs being filled
            for (int t = 0; t < packers.length; t++) {
                if (packers[t] != null) {
                    packers[t].discard();
                    packers[t] = null;
                }
            }
        }
        writer.finish();
        writer.removeOld(oldIndex, report);
        for (Id pack : damaged) {
            try {
                files.storage().remove(Handle.of(FileType.PACK, pack.hex()));
                report.accept("removed damaged pack " + pack);
            } catch (StorageException.NotFound gone) {
                // missing packs are salvaged by taking them out of the index
            } catch (IOException ex) {
                report.accept("could not remove damaged pack " + pack + ": " + ex.getMessage()
                        + " (it is no longer indexed; remove it by hand or let prune do it)");
            }
        }
        return new PackRepairResult(List.copyOf(damaged), counts[0], counts[1], lost, newPacks);
    }

    private List<IndexPack> loadIndex(Id index) throws IOException {
        try {
            return IndexCodec.decode(files.loadUnpacked(FileType.INDEX, index));
        } catch (StorageException.NotFound gone) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            throw new RepositoryException.Corrupt("index " + index + " is unreadable (" + e.getMessage()
                    + "); run 'cairn repair index' first, then repair the packs", e);
        }
    }

    /** Packs no index names: their own header, if it still reads, says what they held. */
    private void findUnindexed(Map<Id, Map<Key, PackedBlob>> blobsOf, Consumer<String> report) throws IOException {
        Storage storage = files.storage();
        for (Map.Entry<Id, Map<Key, PackedBlob>> e : blobsOf.entrySet()) {
            if (!e.getValue().isEmpty()) {
                continue;
            }
            Id pack = e.getKey();
            try {
                long size = storage.stat(Handle.of(FileType.PACK, pack.hex())).size();
                PackHeaders.read(storage, repo, pack, size).forEach(b -> e.getValue().put(new Key(b.type(), b.id()), b));
                report.accept("pack " + pack.shortHex() + " is not indexed; its header lists " + e.getValue().size()
                        + " blobs");
            } catch (StorageException.NotFound missing) {
                report.accept("pack " + pack + " neither exists nor is indexed: nothing to do for it");
            } catch (RepositoryException.Corrupt unreadable) {
                report.accept("pack " + pack + " is not indexed and its header is unreadable: no blob of it can be "
                        + "salvaged (" + unreadable.getMessage() + ")");
            }
        }
    }

    private void salvage(Id pack, Map<Key, PackedBlob> blobs, Set<Key> elsewhere, Set<Key> salvaged,
            List<PackedBlob> lost, int[] counts, Consumer<String> report) throws IOException {
        byte[] bytes;
        try {
            bytes = files.storage().load(Handle.of(FileType.PACK, pack.hex()));
        } catch (StorageException.NotFound missing) {
            bytes = new byte[0];
            report.accept("pack " + pack + " does not exist: its blobs can only be found elsewhere");
        }
        int before = lost.size();
        for (Map.Entry<Key, PackedBlob> e : blobs.entrySet()) {
            PackedBlob blob = e.getValue();
            if (elsewhere.contains(e.getKey()) || salvaged.contains(e.getKey())) {
                counts[1]++;
                continue;
            }
            try {
                repo.decodeBlob(blob, bytes); // verifies the stored bytes: only intact blobs are copied
            } catch (RepositoryException.Corrupt damagedBlob) {
                lost.add(blob);
                continue;
            }
            add(blob, bytes);
            salvaged.add(e.getKey());
            counts[0]++;
        }
        report.accept("pack " + pack.shortHex() + ": " + (blobs.size() - (lost.size() - before)) + " of "
                + blobs.size() + " blobs intact or held elsewhere" + (lost.size() > before ? ", "
                + (lost.size() - before) + " lost" : ""));
    }

    /**
     * Copies the verified ciphertext, straight from the damaged pack's bytes: no need to decrypt and re-encrypt
     * what is already sealed.
     */
    private void add(PackedBlob blob, byte[] pack) throws IOException {
        int t = blob.type().ordinal();
        if (packers[t] == null) {
            packers[t] = new Packer(blob.type(), PackFile.create(PackFile.defaultDirectory()));
        }
        packers[t].add(blob.id(), pack, (int) blob.offset(), blob.length(), blob.uncompressedLength());
        if (packers[t].size() >= options.packSize() || packers[t].headerFull()) {
            upload(blob.type());
        }
    }

    private void upload(BlobType type) throws IOException {
        Packer packer = packers[type.ordinal()];
        packers[type.ordinal()] = null;
        if (packer == null) {
            return;
        }
        Packer.Finished pack;
        try {
            if (packer.isEmpty()) {
                return;
            }
            pack = packer.finish(crypto);
            files.storage().save(Handle.of(FileType.PACK, pack.id().hex()), pack.file().content());
        } finally {
            packer.discard();
        }
        newPacks.add(pack.id());
        writer.add(new IndexPack(pack.id(), pack.blobs()));
    }
}
