package dev.cairn.snapshots.prune;

import dev.cairn.repository.BlobMarks;
import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.Progress;
import dev.cairn.storage.FileType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Garbage collection of a repository, as restic 0.14's {@code prune}: mark every blob the snapshots use, plan per
 * pack (see {@link PrunePlanner}), then change the repository in the only order that is safe to interrupt:
 *
 * <ol>
 *   <li>delete pack files no index names (no snapshot can use them: every snapshot's data is indexed first);</li>
 *   <li>copy the used blobs of packs to repack into new packs (named by no index yet: harmless if we stop);</li>
 *   <li>write a complete new index without the dropped packs (from here on nothing needs them);</li>
 *   <li>delete the old index files;</li>
 *   <li>delete the dropped packs.</li>
 * </ol>
 *
 * A kill at any point leaves a repository that {@code restic check} accepts and where every snapshot is complete.
 * The caller holds the exclusive lock for the whole run.
 */
public final class Pruner {

    private final Repository repo;
    private final int threads;

    public Pruner(Repository repo) {
        this.repo = repo;
        // Loading trees and verifying repacked blobs is decryption and decompression as much as I/O.
        int cpus = Runtime.getRuntime().availableProcessors();
        this.threads = Math.max(2, Math.min(32, Math.max(cpus, repo.storage().connections() * 2)));
    }

    public PruneResult prune(PruneOptions options, Progress progress) throws IOException {
        if (options.repackUncompressed() && repo.formatVersion() < 2) {
            throw new PruneException("--repack-uncompressed needs repository format version 2; this repository "
                    + "is version " + repo.formatVersion());
        }
        // Listing the pack files (on a local repository: 256 directories, on a remote one: paged requests) needs
        // nothing from loading snapshots and marking, so it runs beside them (restic lists after marking). The
        // exclusive lock keeps the list valid meanwhile.
        FutureTask<Map<Id, Long>> packFiles = new FutureTask<>(repo::listPackFiles);
        Thread.ofPlatform().daemon().name("prune-list-packs").start(packFiles);
        List<SnapshotRef> snapshots;
        BlobMarks used;
        try {
            progress.phase("load snapshots");
            snapshots = repo.listSnapshots();
            List<Id> roots = snapshots.stream().map(s -> s.snapshot().tree()).toList();
            progress.phase("find used blobs");
            used = new UsedBlobs(repo, threads).find(roots, progress);
        } catch (IOException | RuntimeException e) {
            packFiles.cancel(true);
            throw e;
        }
        progress.phase("plan");
        PrunePlan plan = new PrunePlanner(repo, options).plan(used, await(packFiles));
        if (options.dryRun()) {
            return result(true, snapshots.size(), plan, List.of(), List.of());
        }
        if (!plan.removeFirst().isEmpty()) {
            progress.phase("delete unreferenced packs");
            repo.removeFiles(FileType.PACK, plan.removeFirst());
        }
        if (!plan.repack().isEmpty()) {
            progress.phase("repack");
            repack(plan, used, options, progress);
        }
        Set<Id> drop = plan.dropFromIndex();
        List<Id> superseded = List.of();
        List<Id> written = List.of();
        if (!drop.isEmpty()) {
            progress.phase("write index");
            superseded = repo.rewriteIndex(drop);
            written = repo.indexFiles();
            progress.phase("delete old index files");
            repo.removeFiles(FileType.INDEX, superseded);
            Set<Id> packs = new HashSet<>(plan.remove());
            packs.addAll(plan.repack());
            progress.phase("delete packs");
            repo.removeFiles(FileType.PACK, packs);
        }
        progress.phase("done");
        return result(false, snapshots.size(), plan, superseded, written);
    }

    private static Map<Id, Long> await(FutureTask<Map<Id, Long>> packFiles) throws IOException {
        try {
            return packFiles.get();
        } catch (InterruptedException e) {
            packFiles.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while listing pack files");
        } catch (ExecutionException e) {
            throw rethrow(e);
        }
    }

    /** The cause of a failed task, as an IOException when it is one (or a RuntimeException/Error as it was). */
    private static IOException rethrow(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    private static PruneResult result(boolean dryRun, int snapshots, PrunePlan plan, List<Id> removedIndex,
            List<Id> newIndex) {
        return new PruneResult(dryRun, snapshots, plan.stats(), Set.copyOf(plan.removeFirst()),
                Set.copyOf(plan.repack()), Set.copyOf(plan.remove()), List.copyOf(removedIndex), List.copyOf(newIndex));
    }

    /**
     * Copies each used blob of the packs to repack exactly once, unless a pack that stays already holds a copy.
     * {@code done} starts as the used blobs of packs that stay; each copy marks its blob.
     */
    private void repack(PrunePlan plan, BlobMarks used, PruneOptions options, Progress progress)
            throws IOException {
        Set<Id> leaving = plan.dropFromIndex();
        BlobMarks done = repo.newBlobMarks();
        repo.forEachIndexedBlob(b -> {
            if (!leaving.contains(b.pack()) && used.isMarked(b.type(), b.id())) {
                done.mark(b.type(), b.id());
            }
        });
        progress.totals(plan.repack().size(), plan.stats().repackBytes());
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Id pack : plan.repack()) {
                futures.add(pool.submit(() -> {
                    copyUsed(pack, used, done, options);
                    progress.addFiles(1);
                    progress.addBytes(plan.repackInfo().get(pack).size());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while repacking");
        } catch (ExecutionException e) {
            throw rethrow(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void copyUsed(Id pack, BlobMarks used, BlobMarks done, PruneOptions options) throws IOException {
        List<PackedBlob> trees = new ArrayList<>();
        List<PackedBlob> data = new ArrayList<>();
        for (PackedBlob b : repo.packBlobs(pack)) {
            if (used.isMarked(b.type(), b.id()) && done.mark(b.type(), b.id()) == BlobMarks.Result.MARKED) {
                (b.type() == BlobType.TREE ? trees : data).add(b);
            }
        }
        repo.copyBlobs(pack, trees, true);
        repo.copyBlobs(pack, data, options.repackUncompressed());
    }
}
