package dev.cairn.repository.codec;

import java.util.Objects;

/**
 * The repository {@code config} document.
 *
 * @param version repository format version, 1 or 2
 * @param id 64 hex digits identifying the repository
 * @param chunkerPolynomial the Rabin polynomial in lower-case hex without {@code 0x}
 */
public record RepoConfig(int version, String id, String chunkerPolynomial) {

    public RepoConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chunkerPolynomial, "chunkerPolynomial");
    }

    /** The polynomial as a number. */
    public long polynomial() {
        return Long.parseUnsignedLong(chunkerPolynomial, 16);
    }
}
