package dev.cairn.snapshots.restore;

import dev.cairn.snapshots.fs.PathPatterns;
import java.util.List;

/**
 * restic's restore filters: {@code --include} selects what matches (and descends into directories under which a
 * match is possible), {@code --exclude} deselects what matches and does not descend into it. restic 0.14 refuses
 * both together; here the excludes apply after the includes, as in restic 0.17.
 */
final class Selection {

    record Choice(boolean selected, boolean descend) {
    }

    private final PathPatterns includes;
    private final PathPatterns excludes;

    Selection(List<String> includes, List<String> excludes) {
        this.includes = PathPatterns.parse(includes);
        this.excludes = PathPatterns.parse(excludes);
    }

    /** @param location the entry's absolute path inside the restored tree, as raw bytes */
    Choice choose(byte[] location, boolean dir) {
        boolean selected = true;
        boolean descend = dir;
        if (!includes.isEmpty()) {
            PathPatterns.Match m = includes.matchWithChild(location);
            selected = m.matched();
            descend = dir && m.childMayMatch();
        }
        if (!excludes.isEmpty() && excludes.matches(location)) {
            return new Choice(false, false);
        }
        return new Choice(selected, descend);
    }

    /** Whether {@code delete} may remove an entry at this location (filters limit deletion like restoring). */
    boolean deletable(byte[] location) {
        return (includes.isEmpty() || includes.matches(location))
                && (excludes.isEmpty() || !excludes.matches(location));
    }
}
