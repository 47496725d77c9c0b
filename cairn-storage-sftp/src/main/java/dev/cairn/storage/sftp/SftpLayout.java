package dev.cairn.storage.sftp;

import dev.cairn.storage.Handle;
import dev.cairn.storage.StorageException;

/**
 * restic's default layout ({@code internal/backend/layout/layout_default.go}): {@code config}, {@code <type>/<name>}
 * and {@code data/<name[0:2]>/<name>}; names containing {@link #TEMP_MARKER} are reserved for uploads in flight.
 */
final class SftpLayout {
    static final String TEMP_MARKER = "-tmp-";

    private SftpLayout() {
    }

    /** The file's path relative to the repository root. */
    static String relative(String location, Handle handle) throws StorageException {
        if (handle.name().contains(TEMP_MARKER)) {
            throw new StorageException.Permanent(location + ": " + handle + ": names containing '" + TEMP_MARKER
                    + "' are reserved for temporary files", null);
        }
        return handle.layoutPath();
    }
}
