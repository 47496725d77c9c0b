package dev.cairn.snapshots.check;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads every tree reachable from some roots exactly once, on a fixed pool of threads (tree loading is I/O plus
 * decryption), handing each loaded tree (or its load failure) to a visitor that returns the subtrees to follow.
 * Pending work is a queue of small tasks; loaded trees are not kept.
 */
final class ParallelTreeWalk {

    /** A tree to load and the path it was first reached by (for messages). */
    record Item(Id id, String path) {
    }

    /** Gets each tree once; must be thread safe. {@code tree} is null when loading failed with {@code error}. */
    interface Visitor {
        List<Item> visit(Item item, Tree tree, IOException error);
    }

    private final Repository repo;
    private final int threads;

    ParallelTreeWalk(Repository repo, int threads) {
        this.repo = repo;
        this.threads = Math.max(1, threads);
    }

    void run(List<Item> roots, Visitor visitor) throws IOException {
        Set<Id> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger pending = new AtomicInteger(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
        try {
            Submitter submitter = new Submitter(pool, seen, pending, done, failure, visitor);
            roots.forEach(submitter::submit);
            submitter.finishOne();
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while walking trees");
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private final class Submitter {
        private final ExecutorService pool;
        private final Set<Id> seen;
        private final AtomicInteger pending;
        private final CountDownLatch done;
        private final AtomicReference<RuntimeException> failure;
        private final Visitor visitor;

        Submitter(ExecutorService pool, Set<Id> seen, AtomicInteger pending, CountDownLatch done,
                AtomicReference<RuntimeException> failure, Visitor visitor) {
            this.pool = pool;
            this.seen = seen;
            this.pending = pending;
            this.done = done;
            this.failure = failure;
            this.visitor = visitor;
        }

        void submit(Item item) {
            if (!seen.add(item.id())) {
                return;
            }
            pending.incrementAndGet();
            pool.execute(() -> {
                try {
                    if (failure.get() == null) {
                        visitLoaded(item).forEach(this::submit);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finishOne();
                }
            });
        }

        private List<Item> visitLoaded(Item item) {
            Tree tree;
            try {
                tree = repo.loadTree(item.id());
            } catch (IOException e) {
                return visitor.visit(item, null, e);
            }
            return visitor.visit(item, tree, null);
        }

        void finishOne() {
            if (pending.decrementAndGet() == 0) {
                done.countDown();
            }
        }
    }
}
