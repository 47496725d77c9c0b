package dev.cairn.storage.rclone;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A REST storage served by an rclone process that lives as long as this storage: {@link #close()} stops it. When
 * an operation fails because rclone has died, the error says so and quotes what rclone last printed, instead of a
 * bare "connection refused".
 */
final class RcloneStorage implements Storage {

    private final Storage rest;
    private final RcloneProcess rclone;
    private final String location;

    RcloneStorage(Storage rest, RcloneProcess rclone, String location) {
        this.rest = rest;
        this.rclone = rclone;
        this.location = location;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T call(String op, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (StorageException.Transient e) {
            if (!rclone.alive()) {
                throw new StorageException.Permanent(location + ": " + op + ": rclone has exited"
                        + rclone.exitStatus() + "; it said:\n" + rclone.recentLog(), e);
            }
            throw e;
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return rest.connections();
    }

    @Override
    public void create() throws IOException {
        call("create", () -> {
            rest.create();
            return null;
        });
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        call("save " + handle, () -> {
            rest.save(handle, content);
            return null;
        });
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        return call("open " + handle, () -> rest.open(handle, offset, length));
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return call("stat " + handle, () -> rest.stat(handle));
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        call("list " + type.dirName(), () -> {
            rest.list(type, each);
            return null;
        });
    }

    @Override
    public void remove(Handle handle) throws IOException {
        call("remove " + handle, () -> {
            rest.remove(handle);
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        try {
            rest.close();
        } finally {
            rclone.close();
        }
    }

    /** The rclone serving this storage, for tests. */
    RcloneProcess process() {
        return rclone;
    }

    @Override
    public String toString() {
        return location;
    }
}
