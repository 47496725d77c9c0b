package dev.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A storage that passes every call to another one; a decorator overrides only the calls it changes. The
 * {@code load} conveniences are deliberately not forwarded: they stay {@link Storage}'s defaults over
 * {@link #open}, so a decorator that watches or alters {@code open} sees every read.
 */
public abstract class ForwardingStorage implements Storage {

    protected final Storage inner;

    protected ForwardingStorage(Storage inner) {
        this.inner = inner;
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public void create() throws IOException {
        inner.create();
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        inner.save(handle, content);
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
        inner.remove(handle);
    }

    @Override
    public void deleteEmptyLocation() throws IOException {
        inner.deleteEmptyLocation();
    }

    @Override
    public int connections() {
        return inner.connections();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
