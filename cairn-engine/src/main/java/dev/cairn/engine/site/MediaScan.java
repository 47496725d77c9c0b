package dev.cairn.engine.site;

import dev.cairn.engine.config.SiteConfig.MediaTree;
import dev.cairn.snapshots.fs.ExcludeRules;
import dev.cairn.snapshots.fs.FileStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A media tree's selection rules and a scan of what they select. The scan's fingerprint (a SHA-256 over every
 * selected entry's relative path, type, size, mtime, ctime and inode — what the archiver's parent reuse looks at)
 * tells smart skip whether the tree changed since the last backup without reading any file; its counts go into the
 * manifest, so a restore can check that every file came back.
 */
public final class MediaScan {

    /** What a scan found. */
    public record Result(String name, Path path, long files, long dirs, long bytes, String fingerprint) {
    }

    private MediaScan() {
    }

    /**
     * The rules for a tree: its exclude patterns (restic's: a pattern without a leading {@code /} matches at any
     * depth; with one, it is anchored at the tree's folder) and its include patterns (only matching files are kept;
     * directories are always walked). {@code presetPaths} (a selective backup) keep only those paths below the
     * tree, replacing its include patterns.
     */
    public static ExcludeRules rules(MediaTree tree, List<String> presetPaths) {
        ExcludeRules.Builder b = ExcludeRules.builder();
        String root = tree.path().toString();
        for (String p : tree.exclude()) {
            b.exclude(anchor(root, p));
        }
        if (presetPaths != null) {
            for (String p : presetPaths) {
                String clean = p.startsWith("/") ? p.substring(1) : p;
                b.include(root + "/" + clean);
                b.include(root + "/" + clean + "/**");
            }
        } else {
            for (String p : tree.include()) {
                b.include(anchor(root, p));
            }
        }
        return b.build();
    }

    private static String anchor(String root, String pattern) {
        return pattern.startsWith("/") ? root + pattern : pattern;
    }

    /** Scans the tree with its rules. */
    public static Result scan(MediaTree tree, ExcludeRules rules) throws IOException {
        MessageDigest sha = sha256();
        long[] counts = new long[3];
        Path root = tree.path();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && rules.excluded(dir, FileStat.lstat(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                counts[1]++;
                add(dir, FileStat.lstat(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                FileStat st = FileStat.lstat(file);
                if (!rules.excluded(file, st)) {
                    counts[0]++;
                    counts[2] += st.isDir() ? 0 : st.size();
                    add(file, st);
                }
                return FileVisitResult.CONTINUE;
            }

            private void add(Path p, FileStat st) {
                String rel = root.relativize(p).toString();
                sha.update((rel + "\0" + st.stMode() + "\0" + st.size() + "\0" + st.mtime() + "\0" + st.ctime()
                        + "\0" + st.ino() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        return new Result(tree.name(), root, counts[0], counts[1], counts[2], HexFormat.of().formatHex(sha.digest()));
    }

    /** Every regular file below {@code root}, relative, sorted (for verifying a restored tree). */
    static List<String> files(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString()));
        }
        out.sort(null);
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
