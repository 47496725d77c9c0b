package dev.cairn.storage.testkit;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.ForwardingStorage;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts the calls made to a storage, per operation and file type (e.g. {@code open data}, {@code stat data},
 * {@code list index}), and the bytes read and written: a test wraps a real backend in it to prove how many round
 * trips an operation costs. Every call is passed on unchanged.
 */
public final class CountingStorage extends ForwardingStorage {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public CountingStorage(Storage inner) {
        super(inner);
    }

    /** How often {@code op} ({@code save}, {@code open}, {@code stat}, {@code list}, {@code remove}) hit {@code type}. */
    public long count(String op, FileType type) {
        AtomicLong n = counts.get(op + " " + type.dirName());
        return n == null ? 0 : n.get();
    }

    /** Bytes read through {@link #open} streams. */
    public long bytesRead() {
        return counter("bytes read").get();
    }

    /** Bytes of content given to {@link #save}. */
    public long bytesWritten() {
        return counter("bytes written").get();
    }

    /** Every count, sorted by name, e.g. {@code {"open data"=12, "stat data"=0, ...}}. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Starts counting from zero again. */
    public void reset() {
        counts.clear();
    }

    private AtomicLong counter(String name) {
        return counts.computeIfAbsent(name, n -> new AtomicLong());
    }

    private void tally(String op, FileType type) {
        counter(op + " " + type.dirName()).incrementAndGet();
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        tally("save", handle.type());
        counter("bytes written").addAndGet(content.length());
        inner.save(handle, content);
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        tally("open", handle.type());
        AtomicLong read = counter("bytes read");
        return new FilterInputStream(inner.open(handle, offset, length)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }
        };
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        tally("stat", handle.type());
        return inner.stat(handle);
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        tally("list", type);
        inner.list(type, each);
    }

    @Override
    public void remove(Handle handle) throws IOException {
        tally("remove", handle.type());
        inner.remove(handle);
    }

}
