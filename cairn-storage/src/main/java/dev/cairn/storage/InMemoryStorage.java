package dev.cairn.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A storage in a map, with the same semantics as the others (atomic saves, immutable files, explicit not-found,
 * ranged reads), for fast tests of the layers above. Contents live as long as the object.
 */
final class InMemoryStorage implements Storage {
    private final Map<Handle, byte[]> files = new ConcurrentHashMap<>();
    private final String location = "memory:" + Integer.toHexString(System.identityHashCode(this));

    @Override
    public String location() {
        return location;
    }

    @Override
    public void create() throws IOException {
        if (files.containsKey(Handle.config())) {
            throw new StorageException.Permanent(location + ": create: a config file exists already, so this "
                    + "location holds a repository", null);
        }
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        byte[] bytes = read(handle, content);
        byte[] existing = files.putIfAbsent(handle, bytes);
        if (existing != null && existing.length != bytes.length) {
            throw new StorageException.Permanent(location + ": save " + handle + ": a file of " + existing.length
                    + " bytes exists already and files are never overwritten (this save has " + bytes.length
                    + " bytes)", null);
        }
    }

    /** Reads all content before publishing it, so a failing source leaves nothing behind. */
    private byte[] read(Handle handle, ByteSource content) throws StorageException {
        if (content.length() > Integer.MAX_VALUE - 8) {
            throw new StorageException.Permanent(location + ": save " + handle + ": " + content.length()
                    + " bytes do not fit in memory", null);
        }
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readNBytes((int) content.length() + 1);
        } catch (IOException e) {
            throw new StorageException.Permanent(location + ": save " + handle + ": reading the content to save "
                    + "failed: " + e.getMessage() + "; nothing was saved", e);
        }
        if (bytes.length != content.length()) {
            throw new StorageException.Permanent(location + ": save " + handle + ": the content to save gave "
                    + (bytes.length > content.length() ? "more than " + content.length() : bytes.length)
                    + " bytes but announced " + content.length() + "; nothing was saved", null);
        }
        return bytes;
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        byte[] bytes = get(handle, "open");
        int start = (int) Math.min(offset, bytes.length);
        int available = bytes.length - start;
        int count = length < 0 ? available : (int) Math.min(length, available);
        return new ByteArrayInputStream(bytes, start, count);
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return new FileInfo(handle.name(), get(handle, "stat").length);
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) {
        files.forEach((handle, bytes) -> {
            if (handle.type() == type) {
                each.accept(new FileInfo(handle.name(), bytes.length));
            }
        });
    }

    @Override
    public void remove(Handle handle) throws IOException {
        if (files.remove(handle) == null) {
            throw notFound("remove", handle);
        }
    }

    @Override
    public void close() {
        // Nothing to release; keeping the files lets a test inspect them after closing a decorator on top.
    }

    @Override
    public String toString() {
        return location;
    }

    private byte[] get(Handle handle, String op) throws StorageException {
        byte[] bytes = files.get(handle);
        if (bytes == null) {
            throw notFound(op, handle);
        }
        return bytes;
    }

    private StorageException notFound(String op, Handle handle) {
        return new StorageException.NotFound(location + ": " + op + " " + handle + ": no such file");
    }
}
