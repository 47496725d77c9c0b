package dev.cairn.repository;

import java.io.IOException;

/**
 * A failure a user can act on, with the exit code the CLI reports for it (restic's codes where restic has one).
 */
public abstract sealed class RepositoryException extends IOException
        permits RepositoryException.NoRepository, RepositoryException.WrongPassword, RepositoryException.Locked,
        RepositoryException.Corrupt {

    protected RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code of the CLI for this failure. */
    public abstract int exitCode();

    /** There is no repository at the location (no config file). Exit 10. */
    public static final class NoRepository extends RepositoryException {
        public NoRepository(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int exitCode() {
            return 10;
        }
    }

    /** No key file opens with the given password. Exit 12. */
    public static final class WrongPassword extends RepositoryException {
        public WrongPassword(String message) {
            super(message, null);
        }

        @Override
        public int exitCode() {
            return 12;
        }
    }

    /** Another process holds a conflicting lock. Exit 11. The message names holder, host, PID and age. */
    public static final class Locked extends RepositoryException {
        public Locked(String message) {
            super(message, null);
        }

        @Override
        public int exitCode() {
            return 11;
        }
    }

    /**
     * Stored data fails authentication, hashing or decoding. The message names the file (and blob) affected.
     * Exit 1.
     */
    public static final class Corrupt extends RepositoryException {
        public Corrupt(String message) {
            super(message, null);
        }

        public Corrupt(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int exitCode() {
            return 1;
        }
    }
}
