package dev.cairn.snapshots.backup;

import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.chunker.Chunker;
import dev.cairn.repository.chunker.ChunkerTables;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.fs.FileStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads regular files into data blobs. One reader thread reads and chunks a file sequentially (the cut points
 * depend on every byte before them); the chunks of a large file go to the CPU pool to be hashed, compressed and
 * encrypted in parallel, so a single huge file still uses every core. Content IDs keep the chunk order. A file of
 * at most one chunk is stored by its reader directly, which saves a thread hop per small file.
 */
final class FileSaver {

    private final Workers workers;
    private final BlobStore store;
    private final Problems problems;
    private final Progress progress;
    private final ThreadLocal<Chunker> chunkers;

    FileSaver(Workers workers, BlobStore store, Problems problems, Progress progress, ChunkerTables tables) {
        this.workers = workers;
        this.store = store;
        this.problems = problems;
        this.progress = progress;
        this.chunkers = ThreadLocal.withInitial(() -> new Chunker(tables));
    }

    /**
     * Queues the file for reading. The future yields the content IDs and the number of bytes read, or
     * {@code null} when the file could not be read (reported as a warning).
     */
    CompletableFuture<Content> save(Path path, FileStat before) throws IOException {
        CompletableFuture<Content> result = new CompletableFuture<>();
        workers.submitFile(() -> read(path, before, result));
        return result;
    }

    /** Saves a stream (stdin) on the calling thread's reader; the chunks go to the CPU pool. */
    CompletableFuture<Content> saveStream(InputStream in) throws IOException {
        return chunk(in, Long.MAX_VALUE);
    }

    private void read(Path path, FileStat before, CompletableFuture<Content> result) {
        try {
            progress.current(path.toString());
            CompletableFuture<Content> content;
            try (InputStream in = Channels.newInputStream(Files.newByteChannel(path, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                content = chunk(in, before.size());
            } catch (IOException e) {
                if (e instanceof Workers.AbortedException || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                problems.warn(path, "cannot read file: " + describe(e) + "; it is left out of the snapshot");
                result.complete(null);
                return;
            }
            checkUnchanged(path, before);
            content.whenComplete((c, err) -> {
                if (err != null) {
                    result.completeExceptionally(err);
                } else {
                    result.complete(c);
                }
            });
        } catch (IOException | RuntimeException e) {
            workers.abort(e);
            result.completeExceptionally(e);
        }
    }

    /** Chunks a stream; the returned future completes when every chunk is stored. */
    private CompletableFuture<Content> chunk(InputStream in, long expectedSize) throws IOException {
        Chunker chunker = chunkers.get();
        chunker.reset(in);
        List<CompletableFuture<Id>> parts = new ArrayList<>();
        long size = 0;
        byte[] chunk;
        while ((chunk = chunker.next()) != null) {
            workers.checkRunning();
            size += chunk.length;
            workers.reserveChunk(chunk.length);
            boolean single = parts.isEmpty() && size >= expectedSize && expectedSize < Chunker.MIN_SIZE;
            parts.add(single ? storeNow(chunk) : storeLater(chunk));
        }
        long total = size;
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> new Content(parts.stream().map(CompletableFuture::join).toList(), total));
    }

    private CompletableFuture<Id> storeNow(byte[] chunk) throws IOException {
        try {
            Id id = store.saveData(chunk);
            progress.addBytes(chunk.length);
            return CompletableFuture.completedFuture(id);
        } finally {
            workers.releaseChunk(chunk.length);
        }
    }

    private CompletableFuture<Id> storeLater(byte[] chunk) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                workers.checkRunning();
                Id id = store.saveData(chunk);
                progress.addBytes(chunk.length);
                return id;
            } catch (IOException e) {
                workers.abort(e);
                throw new CompletionException(e);
            } finally {
                workers.releaseChunk(chunk.length);
            }
        }, workers.cpu());
    }

    /** restic 0.17's check: a file whose size, mtime or ctime moved while it was read may be inconsistent. */
    private void checkUnchanged(Path path, FileStat before) {
        try {
            FileStat after = FileStat.lstat(path);
            if (after.size() != before.size() || !after.mtime().equals(before.mtime())
                    || !after.ctime().equals(before.ctime())) {
                problems.warn(path, "file changed during backup; the stored copy may be inconsistent");
            }
        } catch (IOException e) {
            problems.warn(path, "file changed during backup (it disappeared: " + describe(e) + ")");
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A file's data blob IDs in order, and the bytes actually read. */
    record Content(List<Id> ids, long size) {
    }

    /** Unwraps the cause of a failed stage for rethrowing as an IOException. */
    static IOException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof UncheckedIOException u) {
            return u.getCause();
        }
        return new IOException("backup failed: " + t, t);
    }
}
