package dev.cairn.snapshots.stats;

import java.util.Arrays;

/** restic's {@code stats --mode} values. */
public enum StatsMode {
    /** Every node as restored, per snapshot; hard links count once. restic's default. */
    RESTORE_SIZE("restore-size"),
    /** Files unique by their content (the sequence of blob IDs), across the chosen snapshots. */
    FILES_BY_CONTENTS("files-by-contents"),
    /** Blob references per unique file path (plaintext sizes). */
    BLOBS_PER_FILE("blobs-per-file"),
    /** Unique blobs referenced, at their stored (encrypted, compressed) size. */
    RAW_DATA("raw-data");

    private final String flag;

    StatsMode(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static StatsMode parse(String flag) {
        return Arrays.stream(values()).filter(m -> m.flag.equals(flag)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown counting mode: " + flag
                        + " (use restore-size, files-by-contents, blobs-per-file or raw-data)"));
    }
}
