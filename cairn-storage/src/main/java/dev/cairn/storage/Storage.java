package dev.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Where a repository's files live: a local folder, a bucket, a server. The contract every backend keeps (and the
 * conformance suite in {@code cairn-storage-testkit} proves):
 *
 * <ul>
 *   <li><b>Atomic saves.</b> After {@link #save} returns, the whole file is visible; before, nothing of it is. A
 *       failed or interrupted save leaves no file under the handle's name (temporary names a backend uses are
 *       never returned by {@link #list}).</li>
 *   <li><b>Files are immutable.</b> Saving a name that exists fails with {@link StorageException.Permanent} unless
 *       the content is already complete there; callers never rewrite a file in place (restic's rule: every name
 *       except config is the hash of the content).</li>
 *   <li><b>Not found is explicit.</b> {@link #open}, {@link #stat} and {@link #remove} of a missing file throw
 *       {@link StorageException.NotFound}.</li>
 *   <li><b>Errors are classified.</b> Every {@link IOException} a backend throws is a {@link StorageException}
 *       naming the location, operation and file; retry policy lives in a decorator, not in backends.</li>
 *   <li><b>Thread safe.</b> All methods may be called concurrently from many threads.</li>
 * </ul>
 */
public interface Storage extends AutoCloseable {

    /** Human-readable location, e.g. {@code local:/srv/backup}; never contains secrets. */
    String location();

    /**
     * Prepares an empty repository location (directories, bucket). Succeeds if the location exists and holds no
     * config; fails with {@link StorageException.Permanent} if a config is already there.
     */
    void create() throws IOException;

    /** Stores {@code content} under {@code handle}, atomically. */
    void save(Handle handle, ByteSource content) throws IOException;

    /**
     * Opens {@code length} bytes of the file from {@code offset}; {@code length < 0} reads to the end. The stream
     * ends early only if the file is shorter than requested; callers check the count when it matters.
     */
    InputStream open(Handle handle, long offset, long length) throws IOException;

    /** Size of the file. */
    FileInfo stat(Handle handle) throws IOException;

    /**
     * Calls {@code each} for every file of {@code type}, in no particular order. Names that are not files of
     * that type (temporary files, foreign files) may be passed; callers filter by the names they understand.
     */
    void list(FileType type, Consumer<FileInfo> each) throws IOException;

    /** Deletes the file. */
    void remove(Handle handle) throws IOException;

    /**
     * Removes the location itself once it holds no files: the directories {@link #create()} made. Used to clean up
     * scratch locations (e.g. by {@code cairn storage validate}). Fails with {@link StorageException.Permanent} if a
     * file is left. The default does nothing, which is right for object stores, where a prefix exists only through
     * its objects; backends with real directories override it.
     */
    default void deleteEmptyLocation() throws IOException {
    }

    /** How many operations this backend serves well in parallel; callers size their fan-out by it. */
    default int connections() {
        return 4;
    }

    /** Reads a whole file into memory. */
    default byte[] load(Handle handle) throws IOException {
        try (InputStream in = open(handle, 0, -1)) {
            return in.readAllBytes();
        }
    }

    /** Reads exactly {@code length} bytes from {@code offset}; a shorter file is an error naming the file. */
    default byte[] load(Handle handle, long offset, int length) throws IOException {
        try (InputStream in = open(handle, offset, length)) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new StorageException.Permanent(location() + ": " + handle + " is truncated: wanted " + length
                        + " bytes at offset " + offset + ", got " + bytes.length, null);
            }
            return bytes;
        }
    }

    @Override
    void close() throws IOException;
}
