package dev.cairn.snapshots.restore;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackStream;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Progress;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Restores file contents pack by pack, like restic's {@code filerestorer}: every data blob of every file is mapped
 * to the (file, offset) places that need it, then each pack is fetched once with a single ranged read
 * ({@link Repository#loadBlobs}) and each blob is written to all its places with positional writes. Packs are
 * fetched in order of first use on virtual threads, at most {@code parallelism} at a time and within a memory
 * budget (each read in windows, so a pack in progress costs a window and a blob, see {@link #memoryNeed}). A blob that cannot be loaded fails the files that need it; everything else is still restored.
 */
final class ContentRestorer {

    private record Target(FileJob job, long offset) {
    }

    private record BlobTargets(PackedBlob blob, List<Target> targets) {
    }

    private static final int MAX_IDLE_OPEN_FILES = 256;

    private final Repository repo;
    private final Progress progress;
    private final Failures failures;
    private final boolean sparse;
    private final int parallelism;
    private final long memoryBudget;
    private final Consumer<Entry> onComplete;
    private final AtomicInteger openIdle = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    /** @param onComplete called, on a download thread, for each file whose content is fully written */
    ContentRestorer(Repository repo, Progress progress, Failures failures, boolean sparse, int parallelism,
            long memoryBudget, Consumer<Entry> onComplete) {
        this.repo = repo;
        this.progress = progress;
        this.failures = failures;
        this.sparse = sparse;
        this.parallelism = parallelism;
        this.memoryBudget = memoryBudget;
        this.onComplete = onComplete;
    }

    long bytesWritten() {
        return bytes.get();
    }

    /** Restores the content of {@code files} (all non-empty, all to be written). */
    void restore(List<Entry> files) throws IOException {
        Map<Id, Map<Id, BlobTargets>> packs = planPacks(files);
        Semaphore slots = new Semaphore(parallelism);
        int budgetKiB = (int) Math.min(Integer.MAX_VALUE, memoryBudget >> 10);
        Semaphore memory = new Semaphore(budgetKiB);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<Id, Map<Id, BlobTargets>> pack : packs.entrySet()) {
                List<PackedBlob> blobs = pack.getValue().values().stream().map(BlobTargets::blob)
                        .sorted(Comparator.comparingLong(PackedBlob::offset)).toList();
                int kib = (int) Math.min(budgetKiB, Math.max(1, memoryNeed(blobs) >> 10));
                try {
                    slots.acquire();
                    memory.acquire(kib);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    pool.shutdownNow();
                    throw new InterruptedIOException("restore interrupted while downloading packs");
                }
                pool.submit(() -> {
                    try {
                        download(pack.getKey(), blobs, pack.getValue());
                    } finally {
                        memory.release(kib);
                        slots.release();
                    }
                });
            }
        }
    }

    /**
     * Heap a pack's download needs at most: one read window ({@link Repository#loadBlobs} reads at most
     * {@link PackStream#WINDOW} bytes at once, or one larger blob), plus one blob decrypted and decompressed.
     */
    static long memoryNeed(List<PackedBlob> sorted) {
        long largest = 0;
        long largestPlain = 0;
        long start = sorted.get(0).offset();
        long end = start;
        for (PackedBlob b : sorted) {
            largest = Math.max(largest, b.length());
            largestPlain = Math.max(largestPlain, b.plaintextLength());
            end = Math.max(end, b.offset() + b.length());
        }
        return Math.min(end - start, Math.max(PackStream.WINDOW, largest)) + largest + largestPlain;
    }

    private Map<Id, Map<Id, BlobTargets>> planPacks(List<Entry> files) {
        Map<Id, Map<Id, BlobTargets>> packs = new LinkedHashMap<>();
        for (Entry file : files) {
            FileJob job = new FileJob(file, openIdle, MAX_IDLE_OPEN_FILES);
            List<Target> targets = new ArrayList<>();
            List<PackedBlob> where = new ArrayList<>();
            long offset = 0;
            for (Id id : file.node().content()) {
                PackedBlob blob = repo.lookup(BlobType.DATA, id);
                if (blob == null) {
                    where = null;
                    failures.add(file.location(), "data blob " + id.shortHex() + " is not in the repository"
                            + " index; the file was not restored (run check to find the damage)");
                    break;
                }
                where.add(blob);
                targets.add(new Target(job, offset));
                offset += blob.plaintextLength();
            }
            if (where == null) {
                continue;
            }
            for (int i = 0; i < where.size(); i++) {
                PackedBlob blob = where.get(i);
                job.expectBlob();
                packs.computeIfAbsent(blob.pack(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(blob.id(), k -> new BlobTargets(blob, new ArrayList<>()))
                        .targets().add(targets.get(i));
            }
        }
        return packs;
    }

    private void download(Id pack, List<PackedBlob> blobs, Map<Id, BlobTargets> targets) {
        Set<Id> handled = new HashSet<>();
        try {
            repo.loadBlobs(pack, blobs, new Repository.BlobReceiver() {
                @Override
                public void blob(PackedBlob blob, byte[] plaintext) {
                    if (handled.add(blob.id())) {
                        deliver(targets.get(blob.id()), plaintext);
                    }
                }

                @Override
                public void failed(PackedBlob blob, IOException cause) {
                    if (handled.add(blob.id())) {
                        fail(targets.get(blob.id()), "data blob " + blob.id().shortHex() + " in pack "
                                + pack.shortHex() + " is damaged: " + cause.getMessage());
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            for (BlobTargets t : targets.values()) {
                if (handled.add(t.blob().id())) {
                    fail(t, "pack " + pack.shortHex() + " could not be read: " + e.getMessage());
                }
            }
        }
    }

    private void deliver(BlobTargets blob, byte[] plaintext) {
        for (Target t : blob.targets()) {
            try {
                t.job().write(plaintext, t.offset(), sparse);
                bytes.addAndGet(plaintext.length);
                progress.addBytes(plaintext.length);
            } catch (IOException | RuntimeException e) {
                failJob(t.job(), "writing " + plaintext.length + " bytes at offset " + t.offset() + " failed: "
                        + e.getMessage());
            }
            done(t.job());
        }
    }

    private void fail(BlobTargets blob, String message) {
        for (Target t : blob.targets()) {
            failJob(t.job(), message);
            done(t.job());
        }
    }

    private void failJob(FileJob job, String message) {
        if (job.fail()) {
            failures.add(job.entry().location(), message);
        }
    }

    private void done(FileJob job) {
        try {
            if (job.blobDone() && !job.failed()) {
                onComplete.accept(job.entry());
            }
        } catch (IOException e) {
            failJob(job, "finishing the file failed: " + e.getMessage());
        }
    }
}
