package dev.cairn.snapshots.restore;

import dev.cairn.repository.Name;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a restore does, built by {@link Planner} and run by {@link Restorer} one batch at a time: {@link #dirs}
 * grows over the whole walk (their metadata is applied last), the other lists hold the current batch only, so the
 * plan's size is bounded by the batch, not by the number of files in the snapshot.
 */
final class Plan {

    /** A directory of the target with the names the snapshot has in it, to find entries {@code delete} removes. */
    record Listing(Path dir, byte[] location, Set<Name> names) {
    }

    /**
     * Directories in pre-order (parents first); metadata is applied in reverse. Null entries are placeholders
     * for directories not (yet) known to be restored; they are removed when the walk ends.
     */
    final List<Entry> dirs = new ArrayList<>();
    /** Regular files that are the first (or only) link to their inode. */
    final List<Entry> files = new ArrayList<>();
    /** Further names of an inode restored in {@link #files}; made after contents are written. */
    final List<Entry> hardlinks = new ArrayList<>();
    /** Symlinks, fifos and devices; made after contents are written. */
    final List<Entry> others = new ArrayList<>();
    /** Existing directories of the target, for {@code delete}. */
    final List<Listing> listings = new ArrayList<>();
    /** Problems found while planning (refused names, entries in the way). */
    final List<String> failures = new ArrayList<>();

    /** Empties the per-batch lists once the batch has been run. */
    void clearBatch() {
        files.clear();
        hardlinks.clear();
        others.clear();
        listings.clear();
        failures.clear();
    }

    int batchEntries() {
        return files.size() + hardlinks.size() + others.size();
    }

    long contentBytes() {
        long sum = 0;
        for (Entry e : files) {
            if (e.writes()) {
                sum += e.node().size();
            }
        }
        return sum;
    }

    long entriesToWrite() {
        return files.stream().filter(Entry::writes).count()
                + hardlinks.stream().filter(Entry::writes).count()
                + others.stream().filter(Entry::writes).count();
    }
}
