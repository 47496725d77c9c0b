package dev.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Passes reads through and refuses every change with {@link StorageException.Permanent}. */
final class ReadOnlyStorage implements Storage {
    private final Storage inner;

    ReadOnlyStorage(Storage inner) {
        this.inner = inner;
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
        throw refused("create", "repository");
    }

    @Override
    public void deleteEmptyLocation() throws IOException {
        throw refused("delete location", "directories");
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        throw refused("save", handle);
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        return inner.open(handle, offset, length);
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return inner.stat(handle);
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        inner.list(type, each);
    }

    @Override
    public void remove(Handle handle) throws IOException {
        throw refused("remove", handle);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    @Override
    public String toString() {
        return inner + " (read-only)";
    }

    private StorageException refused(String op, Object what) {
        return new StorageException.Permanent(location() + ": " + op + " " + what
                + ": the storage is opened read-only; open it read-write to change the repository", null);
    }
}
