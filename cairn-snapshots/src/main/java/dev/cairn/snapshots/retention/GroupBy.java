package dev.cairn.snapshots.retention;

import java.util.ArrayList;
import java.util.List;

/**
 * restic's {@code --group-by}: which snapshot properties form a group that the rules apply to separately. The
 * default is {@code host,paths}; {@code ""} puts all snapshots into one group.
 */
public record GroupBy(boolean host, boolean paths, boolean tags) {

    public static final GroupBy DEFAULT = new GroupBy(true, true, false);

    /**
     * Parses a comma-separated list of {@code host}, {@code paths}, {@code tags} (singular forms too, as restic).
     *
     * @throws IllegalArgumentException for an unknown word
     */
    public static GroupBy parse(String text) {
        boolean h = false;
        boolean p = false;
        boolean t = false;
        for (String option : text.split(",", -1)) {
            switch (option) {
                case "host", "hosts" -> h = true;
                case "path", "paths" -> p = true;
                case "tag", "tags" -> t = true;
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown grouping option '" + option
                        + "': use host, paths and/or tags separated by commas, or '' for no grouping");
            }
        }
        return new GroupBy(h, p, t);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (host) parts.add("host");
        if (paths) parts.add("paths");
        if (tags) parts.add("tags");
        return String.join(",", parts);
    }
}
