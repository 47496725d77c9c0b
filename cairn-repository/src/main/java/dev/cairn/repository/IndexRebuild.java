package dev.cairn.repository;

import dev.cairn.repository.codec.IndexCodec;
import dev.cairn.repository.codec.IndexPack;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** {@link Repair#rebuildIndex}: a new index from the pack headers, then the old index files removed. */
final class IndexRebuild {

    private final DefaultRepository repo;
    private final RepositoryFiles files;
    private final IndexWriter writer;

    IndexRebuild(DefaultRepository repo, RepositoryFiles files, IndexWriter writer) {
        this.repo = repo;
        this.files = files;
        this.writer = writer;
    }

    IndexRepairResult run(boolean readAllPacks, Consumer<String> report) throws IOException {
        Storage storage = files.storage();
        // Listed before anything is written: these, and only these, are replaced at the end.
        List<Id> oldIndex = files.list(FileType.INDEX);
        Set<Id> previouslyIndexed = ConcurrentHashMap.newKeySet();
        List<Id> unreadable = Collections.synchronizedList(new ArrayList<>());
        files.forEachParallel(oldIndex, id -> {
            try {
                IndexCodec.decode(files.loadUnpacked(FileType.INDEX, id)).forEach(p -> previouslyIndexed.add(p.packId()));
            } catch (StorageException.NotFound gone) {
                // removed meanwhile (an earlier repair that was interrupted)
            } catch (IOException | RuntimeException e) {
                unreadable.add(id);
                report.accept("index " + id.shortHex() + " is unreadable and will be replaced: " + e.getMessage());
            }
        });
        Map<Id, Long> packs = listPacks(storage);
        report.accept("reading the headers of " + packs.size() + " pack files" + (readAllPacks
                ? " and verifying every pack completely" : ""));
        List<Id> skipped = Collections.synchronizedList(new ArrayList<>());
        List<Id> damaged = Collections.synchronizedList(new ArrayList<>());
        AtomicLong blobs = new AtomicLong();
        Set<Id> indexed = ConcurrentHashMap.newKeySet();
        files.forEachParallel(new ArrayList<>(packs.keySet()), pack -> {
            List<PackedBlob> header;
            try {
                header = readAllPacks ? verifyWhole(pack, packs.get(pack), damaged, report)
                        : PackHeaders.read(storage, repo, pack, packs.get(pack));
            } catch (StorageException.NotFound gone) {
                return;
            } catch (RepositoryException.Corrupt e) {
                skipped.add(pack);
                report.accept("skipped pack " + pack + ": " + e.getMessage()
                        + " (its blobs stay unindexed; 'check' lists what is affected)");
                return;
            }
            if (!previouslyIndexed.contains(pack)) {
                report.accept("adding pack " + pack.shortHex() + " (" + header.size() + " blobs) to the index");
            }
            writer.add(new IndexPack(pack, header));
            indexed.add(pack);
            blobs.addAndGet(header.size());
        });
        List<Id> written = writer.finish();
        int removed = writer.removeOld(oldIndex, report);
        Set<Id> gone = new HashSet<>(previouslyIndexed);
        gone.removeAll(indexed);
        for (Id pack : new TreeSet<>(gone)) {
            report.accept("removed pack " + pack.shortHex() + " from the index: " + (packs.containsKey(pack)
                    ? "its header is unusable" : "the file does not exist"));
        }
        int added = (int) indexed.stream().filter(p -> !previouslyIndexed.contains(p)).count();
        return new IndexRepairResult(indexed.size(), blobs.get(), added, gone.size(), sorted(skipped),
                sorted(damaged), written.size(), removed, unreadable.size());
    }

    private static List<Id> sorted(List<Id> ids) {
        List<Id> out = new ArrayList<>(ids);
        Collections.sort(out);
        return out;
    }

    private static Map<Id, Long> listPacks(Storage storage) throws IOException {
        Map<Id, Long> packs = new ConcurrentHashMap<>();
        storage.list(FileType.PACK, f -> {
            if (Id.isId(f.name())) {
                packs.put(Id.parse(f.name()), f.size());
            }
        });
        return packs;
    }

    /** Downloads the pack, checks its hash and every blob; the header decides what is indexed. */
    private List<PackedBlob> verifyWhole(Id pack, long size, List<Id> damaged, Consumer<String> report)
            throws IOException {
        byte[] bytes = files.storage().load(Handle.of(FileType.PACK, pack.hex()));
        List<PackedBlob> header = repo.readPackHeader(pack, bytes);
        PackHeaders.checkSize(pack, header, bytes.length);
        List<String> problems = new ArrayList<>();
        if (!Id.hash(bytes).equals(pack)) {
            problems.add("content does not match its name");
        }
        int bad = 0;
        for (PackedBlob blob : header) {
            try {
                repo.decodeBlob(blob, bytes);
            } catch (RepositoryException.Corrupt e) {
                bad++;
            }
        }
        if (bad > 0) {
            problems.add(bad + " of " + header.size() + " blobs do not verify");
        }
        if (!problems.isEmpty()) {
            damaged.add(pack);
            report.accept("pack " + pack + " is damaged: " + String.join(", ", problems)
                    + "; salvage its intact blobs with 'cairn repair packs " + pack.shortHex() + "'");
        }
        return header;
    }
}
