package dev.cairn.snapshots.check;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What {@link Checker#check} does beyond the structure check.
 *
 * @param readData read and verify every pack ({@code --read-data})
 * @param readDataSubset read and verify only these packs ({@code --read-data-subset}); {@code null} for none
 * @param random drives the random subset forms (inject a seeded one in tests)
 */
public record CheckOptions(boolean readData, ReadDataSubset readDataSubset, RandomGenerator random) {

    public CheckOptions {
        Objects.requireNonNull(random, "random");
        if (readData && readDataSubset != null) {
            throw new IllegalArgumentException("--read-data and --read-data-subset cannot be used together");
        }
    }

    /** Index, packs listing and structure only (restic's plain {@code check}). */
    public static CheckOptions structure() {
        return new CheckOptions(false, null, RandomGenerator.getDefault());
    }

    /** Also read every pack. */
    public static CheckOptions readAll() {
        return new CheckOptions(true, null, RandomGenerator.getDefault());
    }

    /** Also read a subset of the packs. */
    public static CheckOptions subset(ReadDataSubset subset) {
        return new CheckOptions(false, Objects.requireNonNull(subset, "subset"), RandomGenerator.getDefault());
    }

    boolean readsPacks() {
        return readData || readDataSubset != null;
    }
}
