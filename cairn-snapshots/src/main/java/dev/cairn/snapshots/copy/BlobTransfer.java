package dev.cairn.snapshots.copy;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves the blobs of a snapshot's trees that the destination lacks, as restic's {@code copyTree}: every tree is
 * walked (also those the destination has, since a killed copy may have left a tree whose children were never
 * indexed), missing tree and data blobs are grouped by source pack, read with one ranged read per pack and saved
 * into the destination. Tree blobs are copied as their raw bytes, so a tree's ID never changes.
 */
final class BlobTransfer {

    /**
     * How often the destination is flushed: packs are read in batches of {@code batchPacks}, and after a batch
     * that brought the unflushed total to {@code flushBytes}, the destination uploads its packs and writes an
     * index, so that a killed copy keeps what it moved.
     */
    record Tuning(int batchPacks, long flushBytes) {
        static final Tuning DEFAULT = new Tuning(32, 512L << 20);
    }

    private final Repository source;
    private final Repository destination;
    private final Set<Id> visitedTrees;
    private final int parallel;
    private final Tuning tuning;
    private final AtomicLong blobs = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private long unflushed;

    BlobTransfer(Repository source, Repository destination, Set<Id> visitedTrees, Tuning tuning) {
        this.tuning = tuning;
        this.source = source;
        this.destination = destination;
        this.visitedTrees = visitedTrees;
        this.parallel = Math.max(1, Math.min(8, source.storage().connections()));
    }

    long blobs() {
        return blobs.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** Copies everything below {@code root} that the destination lacks; flushes at the end. */
    void copyTree(Id root) throws IOException {
        Map<Id, List<PackedBlob>> byPack = new LinkedHashMap<>();
        Set<Id> queuedData = new HashSet<>();
        Deque<Id> pending = new ArrayDeque<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Id treeId = pending.poll();
            if (!visitedTrees.add(treeId)) {
                continue;
            }
            if (!destination.hasBlob(BlobType.TREE, treeId)) {
                enqueue(byPack, BlobType.TREE, treeId);
            }
            Tree tree = source.loadTree(treeId);
            for (Node node : tree.nodes()) {
                if (node.subtree() != null) {
                    pending.add(node.subtree());
                }
                if (node.content() != null) {
                    for (Id data : node.content()) {
                        if (!destination.hasBlob(BlobType.DATA, data) && queuedData.add(data)) {
                            enqueue(byPack, BlobType.DATA, data);
                        }
                    }
                }
            }
        }
        List<Map.Entry<Id, List<PackedBlob>>> packs = new ArrayList<>(byPack.entrySet());
        for (int i = 0; i < packs.size(); i += tuning.batchPacks()) {
            transfer(packs.subList(i, Math.min(packs.size(), i + tuning.batchPacks())));
            if (unflushed >= tuning.flushBytes()) {
                destination.flush();
                unflushed = 0;
            }
        }
        destination.flush();
        unflushed = 0;
    }

    private void enqueue(Map<Id, List<PackedBlob>> byPack, BlobType type, Id id) throws IOException {
        PackedBlob blob = source.lookup(type, id);
        if (blob == null) {
            throw new RepositoryException.Corrupt(source.location() + ": " + type.jsonName() + " blob "
                    + id.shortHex() + " is referenced by a snapshot but not in the index; the source repository "
                    + "is damaged: run 'cairn check' on it");
        }
        byPack.computeIfAbsent(blob.pack(), p -> new ArrayList<>()).add(blob);
    }

    /** Reads the packs of a batch in parallel (bounded by the source's connections) and saves their blobs. */
    private void transfer(List<Map.Entry<Id, List<PackedBlob>>> batch) throws IOException {
        long before = bytes.get();
        List<Future<Void>> tasks = new ArrayList<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(parallel);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<Id, List<PackedBlob>> pack : batch) {
                tasks.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        copyPack(pack.getKey(), pack.getValue());
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<Void> task : tasks) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("copy interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
        unflushed += bytes.get() - before;
    }

    private void copyPack(Id pack, List<PackedBlob> wanted) throws IOException {
        source.loadBlobs(pack, wanted, new Repository.BlobReceiver() {
            @Override
            public void blob(PackedBlob blob, byte[] plaintext) throws IOException {
                bytes.addAndGet(destination.saveBlob(blob.type(), blob.id(), plaintext));
                blobs.incrementAndGet();
            }

            @Override
            public void failed(PackedBlob blob, IOException cause) throws IOException {
                throw new RepositoryException.Corrupt(source.location() + ": " + blob.type().jsonName() + " blob "
                        + blob.id().shortHex() + " in pack " + pack.shortHex() + " is damaged (" + cause.getMessage()
                        + "); nothing of this snapshot was copied: repair the source ('cairn check') first", cause);
            }
        });
    }
}
