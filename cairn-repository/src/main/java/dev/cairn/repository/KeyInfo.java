package dev.cairn.repository;

import java.time.Instant;
import java.util.Objects;

/**
 * One key file ({@code keys/<id>}) as {@link Keys#list()} sees it: who created it, where and when.
 *
 * @param current whether this is the key the repository was opened with
 */
public record KeyInfo(Id id, boolean current, String username, String hostname, Instant created) {

    public KeyInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(created, "created");
    }
}
