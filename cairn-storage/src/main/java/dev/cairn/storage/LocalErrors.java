package dev.cairn.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Turns the JDK's file exceptions into classified {@link StorageException}s. The JDK reports most errno values only
 * as text (ENOSPC is a plain {@code IOException("No space left on device")} from a write), so the classification
 * looks at the reason text for the faults that no retry can fix.
 */
final class LocalErrors {

    private LocalErrors() {
    }

    /**
     * @param location the storage's location, e.g. {@code local:/srv/repo}
     * @param op       what was being done: save, open, stat, list, remove, create
     * @param file     the file's path relative to the repository root, e.g. {@code data/ab/ab12…}
     */
    static StorageException classify(String location, String op, String file, IOException e) {
        if (e instanceof StorageException se) {
            return se;
        }
        String prefix = location + ": " + op + " " + file + ": ";
        if (e instanceof NoSuchFileException) {
            return new StorageException.NotFound(prefix + "no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new StorageException.Permanent(prefix
                    + "permission denied; check the owner and mode of the repository's directories", e);
        }
        String reason = reason(e);
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
            return new StorageException.Permanent(prefix + lower
                    + "; free some space there or move the repository to a larger disk", e);
        }
        if (lower.contains("read-only file system")) {
            return new StorageException.Permanent(prefix
                    + "read-only file system; mount it read-write to change the repository", e);
        }
        if (lower.contains("permission denied") || lower.contains("operation not permitted")) {
            return new StorageException.Permanent(prefix + lower
                    + "; check the owner and mode of the repository's directories", e);
        }
        return new StorageException.Transient(prefix + reason, e);
    }

    /** The errno text without the file name the JDK puts in front of it. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
