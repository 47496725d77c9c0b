package dev.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Retries {@link StorageException.Transient} faults of another storage with back-off;
 * {@link StorageException.NotFound}, {@link StorageException.Permanent} and unclassified exceptions pass through at
 * once. A retried save replays its
 * {@link ByteSource} from the start. A retried open opens the stream again; failures while reading an opened stream
 * are the caller's to retry (it knows how far it got), except in {@link #load}, which reads whole ranges and so
 * retries the open and the read together. A retried list does not pass a name twice.
 */
final class RetryingStorage implements Storage {
    private static final System.Logger LOG = System.getLogger(RetryingStorage.class.getName());

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException;
    }

    private final Storage inner;
    private final RetryPolicy policy;
    private final RetryPolicy.Sleeper sleeper;
    private final RandomGenerator random;

    /** @param random used from many threads at once, so it must be thread safe */
    RetryingStorage(Storage inner, RetryPolicy policy, RetryPolicy.Sleeper sleeper, RandomGenerator random) {
        this.inner = inner;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public int connections() {
        return inner.connections();
    }

    @Override
    public void create() throws IOException {
        retry("create", "repository", () -> {
            inner.create();
            return null;
        });
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        // A save whose reply was lost may have landed; the replay then finds the same file and is accepted.
        retry("save", handle, () -> {
            inner.save(handle, content);
            return null;
        });
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        return retry("open", handle, () -> inner.open(handle, offset, length));
    }

    @Override
    public byte[] load(Handle handle) throws IOException {
        // A connection that breaks mid-download fails the read, not the open: retry both, the result is whole.
        return retry("load", handle, () -> inner.load(handle));
    }

    @Override
    public byte[] load(Handle handle, long offset, int length) throws IOException {
        return retry("load", handle, () -> inner.load(handle, offset, length));
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return retry("stat", handle, () -> inner.stat(handle));
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        Set<String> passed = ConcurrentHashMap.newKeySet();
        retry("list", type.dirName(), () -> {
            inner.list(type, info -> {
                if (passed.add(info.name())) {
                    each.accept(info);
                }
            });
            return null;
        });
    }

    @Override
    public void remove(Handle handle) throws IOException {
        // A replay of a remove whose reply was lost finds nothing and says NotFound: the decorator cannot tell that
        // from a file that never was, so callers that only want the file gone take NotFound as done.
        retry("remove", handle, () -> {
            inner.remove(handle);
            return null;
        });
    }

    @Override
    public void deleteEmptyLocation() throws IOException {
        retry("delete location", "directories", () -> {
            inner.deleteEmptyLocation();
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    @Override
    public String toString() {
        return inner + " (retrying)";
    }

    private <T> T retry(String op, Object what, Attempt<T> attempt) throws IOException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (StorageException.Transient e) {
                if (n >= policy.maxAttempts()) {
                    throw new StorageException.Transient(e.getMessage() + " (gave up after " + n + " attempts)", e);
                }
                Duration delay = policy.delay(n, random);
                // Backend messages name location, operation and file only, never credentials.
                LOG.log(Level.DEBUG, "{0}: {1} {2}: attempt {3} of {4} failed ({5}); retrying in {6} ms",
                        location(), op, what, n, policy.maxAttempts(), e.getMessage(), delay.toMillis());
                sleep(delay, op, what);
            }
        }
    }

    private void sleep(Duration delay, String op, Object what) throws InterruptedIOException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(location() + ": " + op + " " + what
                    + ": interrupted while waiting to retry");
            interrupted.initCause(e);
            throw interrupted;
        }
    }
}
