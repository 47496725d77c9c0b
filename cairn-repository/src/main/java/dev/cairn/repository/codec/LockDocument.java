package dev.cairn.repository.codec;

import java.time.Instant;
import java.util.Objects;

/** A lock file's document. {@code uid}/{@code gid} are 0 when absent. */
public record LockDocument(Instant time, boolean exclusive, String hostname, String username, long pid, long uid,
        long gid) {

    public LockDocument {
        Objects.requireNonNull(time, "time");
        hostname = hostname == null ? "" : hostname;
        username = username == null ? "" : username;
    }
}
