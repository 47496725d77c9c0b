package dev.cairn.snapshots.prune;

import dev.cairn.repository.BlobMarks;
import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Progress;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mark phase: every blob reachable from the given snapshot trees, as marks over the index (one bit per blob,
 * so memory does not grow with a Java object per used blob). The marks double as the "seen" set of the tree walk:
 * a tree is loaded only the first time it is marked. Trees load in parallel (I/O plus decryption).
 */
final class UsedBlobs {

    private final Repository repo;
    private final int threads;

    UsedBlobs(Repository repo, int threads) {
        this.repo = repo;
        this.threads = Math.max(1, threads);
    }

    /** The marks; fails when a tree cannot be loaded or a blob is not in the index (prune must not go on). */
    BlobMarks find(List<Id> roots, Progress progress) throws IOException {
        BlobMarks marks = repo.newBlobMarks();
        List<String> missing = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<IOException> failure = new AtomicReference<>();
        AtomicInteger pending = new AtomicInteger(1);
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
        try {
            Walk walk = new Walk(pool, marks, missing, failure, pending, done, progress);
            roots.forEach(walk::submit);
            walk.finishOne();
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finding used blobs");
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (!missing.isEmpty()) {
            List<String> shown = missing.subList(0, Math.min(10, missing.size()));
            throw new PruneException("index is not complete: " + missing.size() + " blob(s) used by snapshots are "
                    + "not in the index, e.g. " + String.join(", ", shown) + ". Prune stopped to prevent (further) "
                    + "data loss; run 'cairn check' and repair the repository first.");
        }
        return marks;
    }

    private final class Walk {
        private final ExecutorService pool;
        private final BlobMarks marks;
        private final List<String> missing;
        private final AtomicReference<IOException> failure;
        private final AtomicInteger pending;
        private final CountDownLatch done;
        private final Progress progress;

        Walk(ExecutorService pool, BlobMarks marks, List<String> missing, AtomicReference<IOException> failure,
                AtomicInteger pending, CountDownLatch done, Progress progress) {
            this.pool = pool;
            this.marks = marks;
            this.missing = missing;
            this.failure = failure;
            this.pending = pending;
            this.done = done;
            this.progress = progress;
        }

        void submit(Id tree) {
            switch (marks.mark(BlobType.TREE, tree)) {
                case ALREADY_MARKED -> {
                    return;
                }
                case NOT_INDEXED -> {
                    missing.add("tree " + tree.shortHex());
                    return;
                }
                case MARKED -> {
                    // load it below
                }
            }
            pending.incrementAndGet();
            pool.execute(() -> {
                try {
                    if (failure.get() == null) {
                        visit(tree);
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, new IOException("prune: cannot load tree " + tree.shortHex()
                            + ": " + e.getMessage() + " (run 'cairn check')", e));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, new IOException("prune: tree " + tree.shortHex() + ": " + e, e));
                } finally {
                    finishOne();
                }
            });
        }

        private void visit(Id id) throws IOException {
            // IDs only: the mark phase needs nothing else of a node (see Repository#forEachTreeReference).
            repo.forEachTreeReference(id, new Repository.TreeReferences() {
                @Override
                public void content(Id blob) {
                    if (marks.mark(BlobType.DATA, blob) == BlobMarks.Result.NOT_INDEXED) {
                        missing.add("data " + blob.shortHex());
                    }
                }

                @Override
                public void subtree(Id tree) {
                    submit(tree);
                }
            });
            progress.addFiles(1);
        }

        void finishOne() {
            if (pending.decrementAndGet() == 0) {
                done.countDown();
            }
        }
    }
}
