package dev.cairn.snapshots.property;

import dev.cairn.repository.Name;
import dev.cairn.snapshots.fs.RawPaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Random source trees for property tests — random depth, names of arbitrary bytes 0x01–0xff except '/', file
 * sizes 0..3 MiB, symlinks with raw targets, hardlinks, modes and nanosecond mtimes — and a description of a tree
 * (every entry's type, mode, size, content hash, link target, mtime, and which paths share an inode).
 */
final class RandomTrees {

    private final Random random;
    private final long maxTotal;
    private final List<Path> files = new ArrayList<>();
    private long total;

    private RandomTrees(Random random, long maxTotal) {
        this.random = random;
        this.maxTotal = maxTotal;
    }

    /** A tree of at most {@code maxTotal} bytes of file content below {@code root}. */
    static void generate(Path root, Random random, long maxTotal) throws IOException {
        Files.createDirectories(root);
        RandomTrees t = new RandomTrees(random, maxTotal);
        t.fill(root, 1 + random.nextInt(4));
        Files.setLastModifiedTime(root, t.time());
    }

    private void fill(Path dir, int depth) throws IOException {
        int entries = random.nextInt(7);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < entries; i++) {
            Name name = name(used);
            Path p = RawPaths.resolve(dir, name);
            int kind = random.nextInt(20);
            if (kind < 3 && depth > 0) {
                Files.createDirectory(p);
                fill(p, depth - 1);
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        random.nextBoolean() ? "rwxr-xr-x" : "rwx------"));
                Files.setLastModifiedTime(p, time());
            } else if (kind < 5) {
                byte[] target = new byte[1 + random.nextInt(40)];
                for (int j = 0; j < target.length; j++) {
                    target[j] = (byte) (1 + random.nextInt(255));
                }
                Files.createSymbolicLink(p, RawPaths.fromBytes(dir, target));
            } else if (kind < 6 && !files.isEmpty()) {
                Files.createLink(p, files.get(random.nextInt(files.size())));
            } else {
                file(p);
            }
        }
    }

    private void file(Path p) throws IOException {
        int bound = random.nextInt(10) < 6 ? 4096 : random.nextInt(10) < 8 ? 256 << 10 : 3 << 20;
        int size = (int) Math.min(random.nextInt(bound + 1), Math.max(0, maxTotal - total));
        byte[] content = new byte[size];
        if (random.nextBoolean()) {
            random.nextBytes(content);
        } else {
            byte[] unit = new byte[1 + random.nextInt(64)];
            random.nextBytes(unit);
            for (int i = 0; i < size; i++) {
                content[i] = unit[i % unit.length];
            }
        }
        total += size;
        Files.write(p, content);
        String perms = List.of("rw-r--r--", "rw-------", "rwxr-x---", "r--r--r--", "rwsr-xr-x").get(random.nextInt(5));
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                perms.replace('s', 'x')));
        Files.setLastModifiedTime(p, time());
        files.add(p);
    }

    private Name name(Set<String> used) {
        while (true) {
            byte[] b = new byte[1 + random.nextInt(random.nextInt(4) == 0 ? 120 : 12)];
            for (int i = 0; i < b.length; i++) {
                int v;
                do {
                    v = 1 + random.nextInt(255);
                } while (v == '/');
                b[i] = (byte) v;
            }
            String key = HexFormat.of().formatHex(b);
            boolean dots = (b.length == 1 && b[0] == '.') || (b.length == 2 && b[0] == '.' && b[1] == '.');
            if (!dots && used.add(key)) {
                return Name.of(b);
            }
        }
    }

    private FileTime time() {
        long seconds = 946_684_800L + random.nextInt(900_000_000);
        return FileTime.from(java.time.Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)));
    }

    /** Relative raw path (hex) → description; hardlink groups are listed under the key "links". */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Map<Object, Set<String>> byInode = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                if (!d.equals(root)) { // the restore target is not a node of the snapshot
                    entries.put(rel(d), "dir " + mode(d));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (!d.equals(root)) {
                    entries.put(rel(d) + " mtime",
                            Files.getLastModifiedTime(d, LinkOption.NOFOLLOW_LINKS).toString());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (a.isSymbolicLink()) {
                    entries.put(rel(f), "symlink -> " + HexFormat.of().formatHex(
                            RawPaths.bytes(Files.readSymbolicLink(f))));
                } else {
                    entries.put(rel(f), "file " + mode(f) + " " + a.size() + " " + hash(f) + " "
                            + a.lastModifiedTime().toInstant());
                    if ((Integer) Files.getAttribute(f, "unix:nlink", LinkOption.NOFOLLOW_LINKS) > 1) {
                        byInode.computeIfAbsent(a.fileKey(), k -> new TreeSet<>()).add(rel(f));
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            private String rel(Path p) {
                return "/" + HexFormat.of().formatHex(RawPaths.bytes(root.relativize(p)));
            }
        });
        entries.put("links", new TreeSet<>(byInode.values().stream().map(Set::toString).toList()).toString());
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
        return HexFormat.of().formatHex(d.digest());
    }
}
