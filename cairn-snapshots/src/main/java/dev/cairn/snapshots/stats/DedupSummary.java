package dev.cairn.snapshots.stats;

/**
 * How much deduplication and compression save over the chosen snapshots.
 *
 * @param restoreSize bytes a restore of every chosen snapshot would write (restore-size mode)
 * @param uniquePlaintext plaintext bytes of the unique blobs they reference
 * @param storedSize stored bytes of those blobs (raw-data mode)
 */
public record DedupSummary(long restoreSize, long uniquePlaintext, long storedSize) {

    /** Restore size over unique plaintext: the saving from deduplication alone (0 when nothing is stored). */
    public double dedupRatio() {
        return uniquePlaintext == 0 ? 0 : (double) restoreSize / uniquePlaintext;
    }

    /** Restore size over stored bytes: deduplication and compression together. */
    public double spaceSavingRatio() {
        return storedSize == 0 ? 0 : (double) restoreSize / storedSize;
    }
}
