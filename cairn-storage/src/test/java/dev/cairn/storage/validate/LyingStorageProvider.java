package dev.cairn.storage.validate;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.ForwardingStorage;
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
 * A test-only backend, {@code lying:MODE:/path}: a local directory with one way of breaking the storage contract,
 * the kinds of misbehaviour real servers show (overwriting, ignoring ranges, stale listings, wrong errors).
 */
public final class LyingStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("lying");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) {
        int colon = location.rest().indexOf(':');
        String mode = location.rest().substring(0, colon);
        return new Lying(mode, Storages.local(Path.of(location.rest().substring(colon + 1))), "lying:"
                + location.rest());
    }

    private static final class Lying extends ForwardingStorage {
        private final String mode;
        private final String location;

        Lying(String mode, Storage inner, String location) {
            super(inner);
            this.mode = mode;
            this.location = location;
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public void create() throws IOException {
            if (mode.equals("no-create")) {
                throw new StorageException.Permanent(location + ": create: permission denied", null);
            }
            inner.create();
        }

        @Override
        public void save(Handle handle, ByteSource content) throws IOException {
            if (mode.equals("overwrites")) {
                try {
                    inner.remove(handle);
                } catch (StorageException.NotFound e) {
                    // first save
                }
            }
            inner.save(handle, content);
        }

        @Override
        public InputStream open(Handle handle, long offset, long length) throws IOException {
            try {
                return inner.open(handle, mode.equals("ignores-offset") ? 0 : offset, length);
            } catch (StorageException.NotFound e) {
                if (mode.equals("missing-is-permanent")) {
                    throw new StorageException.Permanent(location + ": open " + handle + ": access denied", e);
                }
                throw e;
            }
        }

        @Override
        public void list(FileType type, Consumer<FileInfo> each) throws IOException {
            boolean[] first = {true};
            inner.list(type, info -> {
                if (mode.equals("stale-list") && type == FileType.PACK && first[0]) {
                    first[0] = false; // one file not yet visible, as with an eventually consistent listing
                    return;
                }
                each.accept(info);
            });
        }

    }
}
