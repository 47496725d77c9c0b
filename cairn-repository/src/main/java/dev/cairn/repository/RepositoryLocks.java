package dev.cairn.repository;

import java.io.IOException;
import java.util.List;

/**
 * The lock files of every process using the repository (restic's {@code unlock}). Listing and removing other
 * processes' locks takes no lock itself, as in restic.
 */
public interface RepositoryLocks {

    /** Every readable lock file, oldest first. Unreadable ones are reported through the options' warnings. */
    List<LockInfo> list() throws IOException;

    /**
     * Removes the stale locks (restic's rule: not refreshed for 30 minutes, or of this host with a dead PID);
     * returns the ones removed. Locks held by live processes, and unreadable lock files, are left alone.
     */
    List<LockInfo> removeStale() throws IOException;

    /**
     * Removes every lock file, including live and unreadable ones (restic's {@code unlock --remove-all}); returns
     * how many were removed. Only safe when no other process is using the repository.
     */
    int removeAll() throws IOException;
}
