package dev.cairn.snapshots.prune;

import java.util.Locale;

/**
 * How to prune, as restic 0.14's flags: how much unused space to tolerate, how much to repack at most, which packs
 * qualify for repacking, and whether to only report.
 *
 * @param maxUnused the unused space tolerated after pruning
 * @param maxRepackBytes repack at most this many bytes ({@code Long.MAX_VALUE}: no limit)
 * @param repackCacheableOnly repack only tree packs (restic: packs a local cache would hold)
 * @param repackSmall also repack packs below 80 % of {@code packSize} (default: below 4 %)
 * @param repackUncompressed compress data blobs stored uncompressed (format v2); tree blobs always are
 * @param packSize the repository's target pack size in bytes, which "small" is relative to
 * @param dryRun plan and report only; change nothing
 */
public record PruneOptions(MaxUnused maxUnused, long maxRepackBytes, boolean repackCacheableOnly, boolean repackSmall,
        boolean repackUncompressed, long packSize, boolean dryRun) {

    public PruneOptions {
        if (maxRepackBytes < 0 || packSize <= 0) {
            throw new IllegalArgumentException("--max-repack-size and pack size must not be negative");
        }
    }

    /** restic's defaults: 5 % unused tolerated, no repack limit, 16 MiB packs. */
    public static PruneOptions defaults() {
        return new PruneOptions(new MaxUnused.Percent(5), Long.MAX_VALUE, false, false, false, 16 << 20, false);
    }

    /** These options with another target pack size (the repository's, for repacking). */
    public PruneOptions withPackSize(long bytes) {
        return new PruneOptions(maxUnused, maxRepackBytes, repackCacheableOnly, repackSmall, repackUncompressed, bytes,
                dryRun);
    }

    /** The unused space tolerated after pruning: {@code unlimited}, {@code P%} of the used space, or a size. */
    public sealed interface MaxUnused {
        /** Unused bytes tolerated after pruning when {@code used} bytes are in use. */
        long bytes(long used);

        record Unlimited() implements MaxUnused {
            @Override
            public long bytes(long used) {
                return Long.MAX_VALUE;
            }
        }

        /** P % of the repository after pruning may be unused: P / (100 − P) of the used size, as restic. */
        record Percent(double percent) implements MaxUnused {
            public Percent {
                if (!(percent >= 0 && percent < 100)) {
                    throw new IllegalArgumentException("percentage for --max-unused must be at least 0 and below "
                            + "100%, got " + percent);
                }
            }

            @Override
            public long bytes(long used) {
                return (long) (percent / (100 - percent) * used);
            }
        }

        record Bytes(long size) implements MaxUnused {
            @Override
            public long bytes(long used) {
                return size;
            }
        }

        /** Parses {@code unlimited}, {@code 5%}, {@code 2.5%}, {@code 500M}, {@code 1G}, {@code 1024}. */
        static MaxUnused parse(String text) {
            String s = text.strip();
            if (s.equals("unlimited")) {
                return new Unlimited();
            }
            if (s.endsWith("%")) {
                try {
                    return new Percent(Double.parseDouble(s.substring(0, s.length() - 1)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid percentage '" + text + "' for --max-unused");
                }
            }
            try {
                return new Bytes(parseSize(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value '" + text + "' for --max-unused: use 'unlimited', "
                        + "a percentage like 5% or a size like 500M");
            }
        }
    }

    /** restic's sizes: a number of bytes with an optional suffix k/K, m/M, g/G, t/T (powers of 1024). */
    public static long parseSize(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        char last = Character.toLowerCase(s.charAt(s.length() - 1));
        int shift = switch (last) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size '" + text + "': a number with an optional suffix "
                    + "k, m, g or t");
        }
        if (n < 0 || n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("size '" + text + "' out of range");
        }
        return n << shift;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PruneOptions[maxUnused=%s, maxRepackBytes=%d, cacheableOnly=%s, small=%s, "
                + "uncompressed=%s, packSize=%d, dryRun=%s]", maxUnused, maxRepackBytes, repackCacheableOnly,
                repackSmall, repackUncompressed, packSize, dryRun);
    }
}
