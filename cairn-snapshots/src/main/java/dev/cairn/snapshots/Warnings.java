package dev.cairn.snapshots;

/**
 * Receives problems that do not stop an operation (an unreadable file during backup, a damaged blob during
 * restore). The operation goes on; its result says it was incomplete.
 */
@FunctionalInterface
public interface Warnings {

    Warnings IGNORE = (path, message) -> { };

    void warn(String path, String message);
}
