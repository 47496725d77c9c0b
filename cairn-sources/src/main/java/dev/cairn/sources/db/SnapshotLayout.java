package dev.cairn.sources.db;

import java.util.regex.Pattern;

/**
 * Where database backups go inside a snapshot (DESIGN §3). Stand-alone backups ({@code cairn backup --db}) use the
 * snapshot root: {@code /database/<name>/…} and {@code /cairn-manifest.json}; a site's backups live below
 * {@code /site/<site>/}. Restores find the manifest at {@link #manifest()} and each database's files below
 * {@link #databaseDir(String)}; the manifest also records each database's directory, so a reader never has to
 * guess.
 *
 * @param root {@code ""} for the snapshot root, or {@code /site/<site>}
 */
public record SnapshotLayout(String root) {

    public static final String MANIFEST_NAME = "cairn-manifest.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public SnapshotLayout {
        if (!root.isEmpty() && (!root.startsWith("/") || root.endsWith("/") || root.contains("//"))) {
            throw new IllegalArgumentException("layout root must be empty or an absolute path without a trailing"
                    + " slash, got '" + root + "'");
        }
    }

    /** {@code /database/<name>/…} and {@code /cairn-manifest.json} at the snapshot root. */
    public static SnapshotLayout standalone() {
        return new SnapshotLayout("");
    }

    /** {@code /site/<site>/database/<name>/…} and {@code /site/<site>/cairn-manifest.json}. */
    public static SnapshotLayout site(String site) {
        return new SnapshotLayout("/site/" + checkName(site, "site"));
    }

    /** The snapshot directory holding one database's dump files, e.g. {@code /database/shop}. */
    public String databaseDir(String name) {
        return root + "/database/" + checkName(name, "database");
    }

    /** The snapshot path of the manifest, e.g. {@code /cairn-manifest.json}. */
    public String manifest() {
        return root + "/" + MANIFEST_NAME;
    }

    /** Whether {@code name} can name a database directory (letters, digits, {@code . _ -}; not starting with a dot). */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    private static String checkName(String name, String what) {
        if (!validName(name)) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name + "': use letters, digits, "
                    + "'.', '_' and '-' (up to 128, not starting with '.', '_' or '-')");
        }
        return name;
    }
}
