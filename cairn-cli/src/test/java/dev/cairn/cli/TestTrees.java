package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Awkward source trees for end-to-end tests, and a comparison of two trees including metadata. */
final class TestTrees {

    private TestTrees() {
    }

    /** Names with quotes, backslashes, tabs, {@code <>&}, U+2028, invalid UTF-8; empty, large, sparse, links. */
    static Path awkward(Path dir, long seed) throws Exception {
        Random random = new Random(seed);
        Files.createDirectories(dir.resolve("deep/a/b/c/d/e/f"));
        Files.writeString(dir.resolve("deep/a/b/c/d/e/f/leaf.txt"), "deep\n");
        for (String name : new String[] {"quote\"s", "back\\slash", "tab\tname", "<html>&amp", "line\u2028sep",
                "café", "space name"}) {
            Files.writeString(dir.resolve(name), name + "\n");
        }
        byte[] bad = {'b', 'a', 'd', (byte) 0xff, 'x'};
        Path badName = dev.cairn.snapshots.fs.RawPaths.resolve(dir, dev.cairn.repository.Name.of(bad));
        Files.writeString(badName, "invalid utf-8 name\n");
        Files.createFile(dir.resolve("empty"));
        byte[] large = new byte[9 << 20];
        random.nextBytes(large);
        Files.write(dir.resolve("large.bin"), large);
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("sparse.img"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("start".getBytes()), 0);
            ch.write(java.nio.ByteBuffer.wrap("end".getBytes()), 20L << 20);
        }
        Files.createSymbolicLink(dir.resolve("link-rel"), Path.of("deep/a/b/c/d/e/f/leaf.txt"));
        Files.createSymbolicLink(dir.resolve("link-abs"), Path.of("/etc/hostname"));
        Files.createLink(dir.resolve("hardlink"), dir.resolve("café"));
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "mode 0600\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1_600_000_000_123L));
        return dir;
    }

    /** Every entry below {@code root}: relative path → type, mode, size, content hash, link target, mtime. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                if (!d.equals(root)) {
                    entries.put(rel(d), "dir " + mode(d));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (a.isSymbolicLink()) {
                    entries.put(rel(f), "symlink -> " + Files.readSymbolicLink(f));
                } else {
                    entries.put(rel(f), "file " + mode(f) + " " + a.size() + " " + hash(f) + " "
                            + a.lastModifiedTime().toInstant());
                }
                return FileVisitResult.CONTINUE;
            }

            private String rel(Path p) {
                return java.util.HexFormat.of().formatHex(dev.cairn.snapshots.fs.RawPaths.bytes(root.relativize(p)));
            }
        });
        return entries;
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    private static String hash(Path f) throws IOException {
        var d = dev.cairn.repository.Id.sha256();
        try (var in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(d.digest());
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertThat(describe(actual)).isEqualTo(describe(expected));
    }
}
