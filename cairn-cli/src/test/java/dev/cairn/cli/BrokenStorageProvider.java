package dev.cairn.cli;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.ForwardingStorage;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

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

    private static final class Broken extends ForwardingStorage {
        private final String location;

        Broken(Storage inner, String location) {
            super(inner);
            this.location = location;
        }

        @Override
        public String location() {
            return location;
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
        public FileInfo stat(Handle handle) throws IOException {
            try {
                return inner.stat(handle);
            } catch (StorageException.NotFound e) {
                throw new StorageException.Permanent(location + ": stat " + handle + ": access denied", e);
            }
        }
    }
}
