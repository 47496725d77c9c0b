package dev.cairn.storage;

import java.util.Objects;

/**
 * A repository URL split into its scheme and the rest, as restic spells them: {@code local:/srv/backup} (or a
 * plain path), {@code s3:https://host/bucket/prefix}, {@code sftp:user@host:/path}, {@code rclone:remote:path}...
 * The backend parses {@code rest} itself.
 *
 * @param scheme lower-case scheme ({@code local} for plain paths)
 * @param rest everything after the first colon (the path for {@code local})
 */
public record StorageLocation(String scheme, String rest) {

    public StorageLocation {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(rest, "rest");
    }

    /**
     * Splits a repository URL. A string without a scheme (no {@code word:} prefix), or starting with {@code /} or
     * {@code .}, is a local path. {@code ftp://…} and {@code ftps://…} keep their {@code //} in {@code rest}.
     */
    public static StorageLocation parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty repository location");
        }
        int colon = url.indexOf(':');
        if (colon <= 0 || url.startsWith("/") || url.startsWith(".") || !url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return new StorageLocation("local", url);
        }
        return new StorageLocation(url.substring(0, colon).toLowerCase(java.util.Locale.ROOT), url.substring(colon + 1));
    }

    /** The URL as restic would print it; backends never put secrets in it. */
    @Override
    public String toString() {
        return scheme + ":" + rest;
    }
}
