package dev.cairn.repository;

import dev.cairn.repository.crypto.ScryptParams;
import java.io.IOException;
import java.util.List;

/**
 * The repository's key files (restic's {@code key} command): each wraps the one master key with a key derived from
 * one password, so several passwords open the same repository. Key files are interchangeable with restic's. Obtain
 * from {@link Repository#keys()}; the caller takes the lock (restic: shared for list and add, exclusive for remove
 * and passwd).
 */
public interface Keys {

    /** The ID of the key file this repository was opened with (after {@link #changePassword}: the new one). */
    Id current();

    /** Every readable key file, oldest first; unreadable ones are reported through the options' warnings. */
    List<KeyInfo> list() throws IOException;

    /**
     * Adds a key file for {@code password}, then checks that it opens the repository (a broken key is removed
     * again and reported as {@link RepositoryException.Corrupt}).
     *
     * @param username recorded in the key file; empty means the options' user
     * @param hostname recorded in the key file; empty means the options' host
     * @return the new key's ID
     */
    Id add(char[] password, String username, String hostname, ScryptParams kdf) throws IOException;

    /**
     * Removes a key file.
     *
     * @throws IllegalStateException when it is the key in use or the last key (the repository would be locked
     *     forever)
     * @throws dev.cairn.storage.StorageException.NotFound when there is no such key
     */
    void remove(Id key) throws IOException;

    /**
     * Replaces the key in use: adds a key for {@code newPassword} and verifies it, then removes the current one —
     * in that order, so a crash in between leaves both passwords working rather than none.
     *
     * @return the new key's ID, now {@link #current()}
     */
    Id changePassword(char[] newPassword, String username, String hostname, ScryptParams kdf) throws IOException;
}
