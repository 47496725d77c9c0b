package dev.cairn.storage;

/** A listed or stat'ed file: its name within its type and its size in bytes. */
public record FileInfo(String name, long size) {
    public FileInfo {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + name);
        }
    }
}
