package dev.cairn.snapshots.check;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Progress;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutionException;

/**
 * {@code --read-data}: reads whole packs, {@code storage.connections()} at a time and within a memory budget, and
 * verifies each: SHA-256 equals the name, every indexed blob decrypts and hashes to its ID, and the pack header
 * lists exactly what the index says.
 */
final class PackVerifier {

    private static final int MIB = 1 << 20;
    /** Whole packs in memory at once: a quarter of the heap, between 32 and 512 MiB. */
    private static final int BUDGET_MIB = (int) Math.clamp(Runtime.getRuntime().maxMemory() / 4 / MIB, 32L, 512L);

    private final Repository repo;
    private final Findings findings;
    private final Progress progress;
    private final Semaphore memory = new Semaphore(BUDGET_MIB);

    PackVerifier(Repository repo, Findings findings, Progress progress) {
        this.repo = repo;
        this.findings = findings;
        this.progress = progress;
    }

    void run(Map<Id, Long> packs) throws IOException {
        Map<Id, List<PackedBlob>> blobs = new HashMap<>();
        repo.forEachIndexedBlob(b -> {
            if (packs.containsKey(b.pack())) {
                blobs.computeIfAbsent(b.pack(), k -> new ArrayList<>()).add(b);
            }
        });
        progress.totals(packs.size(), packs.values().stream().mapToLong(Long::longValue).sum());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, repo.storage().connections()),
                Thread.ofPlatform().daemon().factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (var e : packs.entrySet()) {
                List<PackedBlob> list = blobs.getOrDefault(e.getKey(), List.of());
                futures.add(pool.submit(() -> {
                    verifyWithinBudget(e.getKey(), e.getValue(), list);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading packs");
        } catch (ExecutionException e) {
            throw new IllegalStateException("pack verification failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void verifyWithinBudget(Id pack, long size, List<PackedBlob> indexed) throws InterruptedException {
        int mib = (int) Math.min(BUDGET_MIB, Math.max(1, (size + MIB - 1) / MIB));
        memory.acquire(mib);
        try {
            progress.current(RepoFiles.pack(pack));
            verify(pack, indexed);
        } finally {
            memory.release(mib);
            progress.addFiles(1);
            progress.addBytes(size);
        }
    }

    private void verify(Id pack, List<PackedBlob> indexed) {
        String name = "pack " + RepoFiles.pack(pack) + ": ";
        byte[] bytes;
        try {
            bytes = repo.storage().load(Handle.of(FileType.PACK, pack.hex()));
        } catch (IOException e) {
            findings.packLost(pack);
            findings.error(name + "cannot read: " + e.getMessage());
            progress.addError();
            return;
        }
        List<String> problems = new ArrayList<>();
        Set<Findings.BlobKey> bad = new HashSet<>();
        List<PackedBlob> sorted = indexed.stream().sorted(Comparator.comparingLong(PackedBlob::offset)).toList();
        checkContiguous(sorted, problems);
        Id actual = Id.hash(bytes);
        if (!actual.equals(pack)) {
            problems.add("content does not match its name: SHA-256 is " + actual.hex() + " (the file is damaged)");
        }
        for (PackedBlob blob : sorted) {
            verifyBlob(blob, bytes, problems, bad);
        }
        compareHeader(pack, bytes, sorted, problems);
        if (!problems.isEmpty()) {
            findings.packDamaged(pack, bad);
            problems.forEach(p -> findings.error(name + p));
            progress.addError();
        }
    }

    private static void checkContiguous(List<PackedBlob> sorted, List<String> problems) {
        long end = 0;
        for (PackedBlob b : sorted) {
            if (b.offset() != end) {
                problems.add("the index for this pack contains gaps or overlapping blobs (at offset " + b.offset()
                        + ")");
                return;
            }
            end = b.offset() + b.length();
        }
    }

    private void verifyBlob(PackedBlob blob, byte[] bytes, List<String> problems, Set<Findings.BlobKey> bad) {
        String what = blob.type().jsonName() + " blob " + blob.id().hex();
        if (blob.offset() + blob.length() > bytes.length) {
            bad.add(new Findings.BlobKey(blob.type(), blob.id()));
            problems.add(what + " at offset " + blob.offset() + " lies beyond the end of the file");
            return;
        }
        try {
            repo.decodeBlob(blob, bytes);
        } catch (IOException | RuntimeException e) {
            bad.add(new Findings.BlobKey(blob.type(), blob.id()));
            problems.add(what + ": " + e.getMessage());
        }
    }

    /** Header and index must agree on (type, id, offset, length, uncompressed length) of every blob. */
    private void compareHeader(Id pack, byte[] bytes, List<PackedBlob> indexed, List<String> problems) {
        List<PackedBlob> header;
        try {
            header = repo.readPackHeader(pack, bytes);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read the pack header: " + e.getMessage());
            return;
        }
        Set<Entry> inIndex = new HashSet<>();
        indexed.forEach(b -> inIndex.add(Entry.of(b)));
        Set<Entry> inHeader = new HashSet<>();
        for (PackedBlob b : header) {
            Entry e = Entry.of(b);
            inHeader.add(e);
            if (!inIndex.contains(e)) {
                problems.add(e.describe() + " is not contained in index or position is incorrect");
            }
        }
        for (Entry e : inIndex) {
            if (!inHeader.contains(e)) {
                problems.add("the index lists " + e.describe() + " which the pack header does not contain");
            }
        }
    }

    private record Entry(BlobType type, Id id, long offset, int length, int uncompressedLength) {
        static Entry of(PackedBlob b) {
            return new Entry(b.type(), b.id(), b.offset(), b.length(), b.uncompressedLength());
        }

        String describe() {
            return type.jsonName() + " blob " + id.hex() + " (offset " + offset + ", length " + length + ")";
        }
    }
}
