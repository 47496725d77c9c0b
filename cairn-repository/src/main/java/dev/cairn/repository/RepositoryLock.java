package dev.cairn.repository;

import java.io.IOException;

/** A held repository lock; closing it stops the refresh and removes the lock file. */
public interface RepositoryLock extends AutoCloseable {

    boolean exclusive();

    @Override
    void close() throws IOException;
}
