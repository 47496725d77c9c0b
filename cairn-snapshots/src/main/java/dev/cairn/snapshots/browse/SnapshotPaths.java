package dev.cairn.snapshots.browse;

/** Slash-separated paths inside a snapshot ({@code /home/me/file}), restic's {@code path.Join} and prefix test. */
public final class SnapshotPaths {

    private SnapshotPaths() {
    }

    /** Joins a directory path and a child name: {@code ("/", "a") -> "/a"}, {@code ("/a", "b") -> "/a/b"}. */
    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /**
     * Whether {@code path} is {@code base} or lies below it, comparing whole components (restic's
     * {@code fs.HasPathPrefix}): {@code /a} contains {@code /a/b} but not {@code /ab}.
     */
    public static boolean within(String base, String path) {
        String b = strip(base);
        String p = strip(path);
        if (b.isEmpty()) {
            return true;
        }
        return p.equals(b) || p.startsWith(b + "/");
    }

    private static String strip(String s) {
        String out = s;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
