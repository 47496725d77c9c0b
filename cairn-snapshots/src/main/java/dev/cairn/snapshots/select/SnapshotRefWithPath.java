package dev.cairn.snapshots.select;

import java.util.Objects;

/**
 * A snapshot reference with an optional path inside the snapshot, written {@code SNAPSHOT:SUBPATH} as restic 0.17's
 * {@code restore}/{@code dump}/{@code ls} accept ({@code latest:/home/me}, {@code 1a2b3c4d:etc}).
 *
 * @param snapshot the snapshot part: {@code latest}, an ID or an ID prefix
 * @param subpath the path inside the snapshot, always absolute ({@code "/"} for the whole snapshot)
 */
public record SnapshotRefWithPath(String snapshot, String subpath) {

    public SnapshotRefWithPath {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(subpath, "subpath");
        if (snapshot.isEmpty()) {
            throw new IllegalArgumentException("empty snapshot reference: use 'latest' or a snapshot ID");
        }
    }

    /**
     * Splits at the first colon; a missing or empty subpath means the whole snapshot. A relative subpath is taken
     * from the snapshot's root. Trailing and doubled slashes are removed.
     */
    public static SnapshotRefWithPath parse(String ref) {
        int colon = ref.indexOf(':');
        if (colon < 0) {
            return new SnapshotRefWithPath(ref, "/");
        }
        return new SnapshotRefWithPath(ref.substring(0, colon), cleanSubpath(ref.substring(colon + 1)));
    }

    /** Cleans a path inside a snapshot to {@code /a/b} form; rejects {@code ..} which could leave the snapshot. */
    public static String cleanSubpath(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("'..' is not allowed in a path inside a snapshot: '" + path + "'");
            }
            out.append('/').append(part);
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    public boolean isWholeSnapshot() {
        return subpath.equals("/");
    }

    @Override
    public String toString() {
        return isWholeSnapshot() ? snapshot : snapshot + ":" + subpath;
    }
}
