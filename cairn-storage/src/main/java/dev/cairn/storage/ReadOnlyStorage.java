package dev.cairn.storage;

import java.io.IOException;

/** Passes reads through and refuses every change with {@link StorageException.Permanent}. */
final class ReadOnlyStorage extends ForwardingStorage {

    ReadOnlyStorage(Storage inner) {
        super(inner);
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
    public void remove(Handle handle) throws IOException {
        throw refused("remove", handle);
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
