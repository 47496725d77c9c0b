package dev.cairn.cli;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A test-only backend, {@code broken:/path}: a local directory that silently overwrites existing files and answers
 * "access denied" for missing ones, as some misconfigured servers do. Only on the test class path.
 */
public final class BrokenStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("broken");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) {
        return new Broken(Storages.local(Path.of(location.rest())), "broken:" + location.rest());
    }

    private record Broken(Storage inner, String location) implements Storage {
        @Override
        public void create() throws IOException {
            inner.create();
        }

        @Override
        public void save(Handle handle, ByteSource content) throws IOException {
            try {
                inner.remove(handle);
            } catch (StorageException.NotFound e) {
                // nothing to overwrite
            }
            inner.save(handle, content);
        }

        @Override
        public InputStream open(Handle handle, long offset, long length) throws IOException {
            return inner.open(handle, offset, length);
        }

        @Override
        public FileInfo stat(Handle handle) throws IOException {
            try {
                return inner.stat(handle);
            } catch (StorageException.NotFound e) {
                throw new StorageException.Permanent(location + ": stat " + handle + ": access denied", e);
            }
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
        public void close() throws IOException {
            inner.close();
        }
    }
}
