package dev.cairn.snapshots.backup;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Tree;
import dev.cairn.snapshots.fs.RawPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Test trees and snapshot walking shared by the archiver tests. */
final class Fixtures {

    /** A name that is not valid UTF-8. */
    static final Name INVALID_UTF8 = Name.of(new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '.', 'b'});

    private Fixtures() {
    }

    /**
     * Creates regular, empty, multi-chunk, sparse files, a symlink, a hard link, a FIFO, unicode and invalid UTF-8
     * names and nested directories under {@code root}, with fixed times.
     */
    static void trickyTree(Path root, long seed) throws IOException {
        Random rnd = new Random(seed);
        Files.createDirectories(root.resolve("a/b/c"));
        write(root.resolve("small.txt"), bytes(rnd, 1000));
        Files.write(root.resolve("empty"), new byte[0]);
        write(root.resolve("a/large.bin"), bytes(rnd, 20 << 20));
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("a/b/sparse.img").toFile(), "rw")) {
            f.setLength(12 << 20);
            f.seek(9 << 20);
            f.write(bytes(rnd, 4096));
        }
        write(root.resolve("a/b/c/deep.txt"), "deep\n".getBytes());
        write(root.resolve("caf\u00e9 \u65e5\u672c \u2028.txt"), "unicode\n".getBytes());
        write(RawPaths.resolve(root, INVALID_UTF8), "invalid name\n".getBytes());
        Files.createSymbolicLink(root.resolve("link"), Path.of("a/b/c/deep.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nonexistent/target"));
        Files.createLink(root.resolve("a/hardlink.bin"), root.resolve("a/large.bin"));
        run("mkfifo", root.resolve("fifo").toString());
        Files.setPosixFilePermissions(root.resolve("small.txt"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        FileTime t = FileTime.from(Instant.parse("2023-04-05T06:07:08.123456789Z"));
        Files.setLastModifiedTime(root.resolve("small.txt"), t);
        Files.setLastModifiedTime(root.resolve("a/b"), t);
    }

    static void write(Path p, byte[] data) throws IOException {
        Files.write(p, data);
    }

    static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("command failed: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Every node of a snapshot's tree by its absolute path ("/tmp/x/a"), depth first in tree order. */
    static Map<String, Node> nodes(Repository repo, Id root) throws IOException {
        Map<String, Node> out = new LinkedHashMap<>();
        walk(repo, root, "", out);
        return out;
    }

    private static void walk(Repository repo, Id tree, String prefix, Map<String, Node> out) throws IOException {
        Tree t = repo.loadTree(tree);
        for (Node n : t.nodes()) {
            String path = prefix + "/" + n.name();
            out.put(path, n);
            if (n.isDir()) {
                walk(repo, n.subtree(), path, out);
            }
        }
    }

    /** The node at an absolute path below the snapshot root, or {@code null}. */
    static Node find(Repository repo, Id root, Path path) throws IOException {
        Id tree = root;
        Node node = null;
        for (int i = 0; i < path.getNameCount(); i++) {
            if (tree == null) {
                return null;
            }
            node = repo.loadTree(tree).find(RawPaths.fileName(path.getRoot().resolve(path.subpath(0, i + 1))));
            if (node == null) {
                return null;
            }
            tree = node.subtree();
        }
        return node;
    }

    static byte[] content(Repository repo, Node file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Id id : file.content()) {
            out.write(repo.loadBlob(BlobType.DATA, id));
        }
        return out.toByteArray();
    }
}
