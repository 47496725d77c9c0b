package dev.cairn.snapshots.dump;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a file's content blob by blob, loading a few blobs ahead on virtual threads so the download of the next
 * blobs overlaps writing this one; memory stays at {@code window} blobs.
 */
final class BlobStream {

    private final Repository repo;
    private final int window;

    BlobStream(Repository repo, int window) {
        this.repo = repo;
        this.window = window;
    }

    void write(List<Id> content, OutputStream out) throws IOException {
        if (content == null || content.isEmpty()) {
            return;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
            int next = 0;
            try {
                while (next < content.size() || !ahead.isEmpty()) {
                    while (next < content.size() && ahead.size() < window) {
                        Id id = content.get(next++);
                        ahead.add(pool.submit(() -> repo.loadBlob(BlobType.DATA, id)));
                    }
                    out.write(take(ahead.poll()));
                }
            } finally {
                ahead.forEach(f -> f.cancel(true));
            }
        }
    }

    private static byte[] take(Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("dump interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("loading a blob failed: " + e.getCause(), e.getCause());
        }
    }
}
