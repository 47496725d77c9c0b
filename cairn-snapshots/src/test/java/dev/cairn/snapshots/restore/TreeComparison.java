package dev.cairn.snapshots.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.snapshots.fs.RawPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Compares two restored trees entry by entry: type, mode, mtime (ns), content or link target, hardlinks. */
final class TreeComparison {

    private TreeComparison() {
    }

    /** A description of every entry below {@code root}, keyed by its raw relative path in hex-safe form. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Map<Object, String> inodes = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = new ArrayList<>(s.filter(p -> !p.equals(root)).toList());
        }
        for (Path p : all) {
            String key = key(root, p);
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            StringBuilder d = new StringBuilder(String.format("mode=%o mtime=%s", mode, a.get("lastModifiedTime")));
            if ((mode & 0170000) == 0100000) {
                d.append(" sha=").append(HexFormat.of().formatHex(sha(p)));
                if (((Number) a.get("nlink")).intValue() > 1) {
                    String first = inodes.putIfAbsent(a.get("ino"), key);
                    d.append(" linkgroup=").append(first == null ? key : first);
                }
            } else if ((mode & 0170000) == 0120000) {
                d.append(" target=").append(HexFormat.of().formatHex(RawPaths.bytes(Files.readSymbolicLink(p))));
            }
            out.put(key, d.toString());
        }
        return out;
    }

    static String key(Path root, Path p) {
        byte[] raw = RawPaths.bytes(root.relativize(p));
        return new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] sha(Path p) throws IOException {
        var md = dev.cairn.repository.Id.sha256();
        try (var in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    static void assertSame(Path expected, Path actual) throws IOException {
        Map<String, String> e = describe(expected);
        Map<String, String> a = describe(actual);
        assertThat(a.keySet()).containsExactlyElementsOf(e.keySet());
        for (String k : e.keySet()) {
            assertThat(a.get(k)).as(k).isEqualTo(e.get(k));
        }
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
