package dev.cairn.storage;

import java.io.IOException;
import java.util.Set;

/**
 * A storage backend, found through {@link java.util.ServiceLoader}: each backend module lists its provider in
 * {@code META-INF/services/dev.cairn.storage.StorageProvider}. {@link StorageLocations#open} picks the provider by
 * the scheme of the repository URL, so the core never depends on a backend's SDK.
 */
public interface StorageProvider {

    /** The URL schemes this backend serves, e.g. {@code s3}, or {@code sftp}; restic's spelling. */
    Set<String> schemes();

    /**
     * Opens the storage at {@code location}. Credentials come from the environment in {@code settings} (restic's
     * variable names, e.g. {@code AWS_ACCESS_KEY_ID}) or files it names, never from the URL or the command line;
     * tuning comes from the {@code -o} options (names prefixed with the scheme, e.g. {@code s3.connections}).
     *
     * @throws IOException if the location is unreachable; a malformed URL is an {@link IllegalArgumentException}
     *     whose message shows the expected form
     */
    Storage open(StorageLocation location, StorageSettings settings) throws IOException;
}
