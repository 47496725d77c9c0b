package dev.cairn.snapshots.stats;

/**
 * What {@link Stats#compute} counted; the first four fields are restic's {@code stats --json} output.
 *
 * @param totalSize bytes: restored sizes, or stored blob sizes in raw-data mode
 * @param totalFileCount nodes (restore-size: every file, directory and other node), unique files, or 0 (raw-data)
 * @param totalBlobCount blobs (raw-data, blobs-per-file), else 0
 * @param snapshotsCount snapshots processed
 * @param totalUncompressedSize raw-data only: the plaintext size of the counted blobs (0 in other modes)
 */
public record StatsResult(StatsMode mode, long totalSize, long totalFileCount, long totalBlobCount,
        int snapshotsCount, long totalUncompressedSize) {

    /** raw-data only: plaintext size over stored size (above 1 when compression saves space); 0 if unknown. */
    public double compressionRatio() {
        return mode == StatsMode.RAW_DATA && totalSize > 0 ? (double) totalUncompressedSize / totalSize : 0;
    }
}
