package dev.cairn.snapshots.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A repository written by the real restic: a generated source folder backed up twice with changes in between
 * (modified, added, removed files, a new directory, a permission change). Build once per test class, copy for
 * tests that damage it.
 */
public final class ResticRepoFixture {

    public static final String PASSWORD = "cairn-test";

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path repoDir;
    public final Path source;
    /** Full 64-hex IDs. */
    public final String snapshot1;
    public final String snapshot2;

    private ResticRepoFixture(Path repoDir, Path source, String snapshot1, String snapshot2) {
        this.repoDir = repoDir;
        this.source = source;
        this.snapshot1 = snapshot1;
        this.snapshot2 = snapshot2;
    }

    /** Creates source and repository under {@code work}. */
    public static ResticRepoFixture create(Path work, long seed) throws IOException, InterruptedException {
        Restic.require();
        Path repoDir = work.resolve("repo");
        Path src = work.resolve("src");
        Random random = new Random(seed);
        write(src.resolve("site/index.html"), text(random, 2000));
        write(src.resolve("site/style.css"), text(random, 500));
        write(src.resolve("site/empty"), new byte[0]);
        write(src.resolve("media/big.bin"), bytes(random, 3 << 20));
        write(src.resolve("media/photos/a.jpg"), bytes(random, 40_000));
        write(src.resolve("media/photos/b.jpg"), bytes(random, 50_000));
        write(src.resolve("old/notes.txt"), text(random, 300));
        Files.createSymbolicLink(src.resolve("site/current"), Path.of("index.html"));
        Files.createLink(src.resolve("media/photos/a-link.jpg"), src.resolve("media/photos/a.jpg"));
        Restic restic = new Restic(repoDir, PASSWORD);
        restic.ok("init");
        String s1 = backup(restic, src);

        write(src.resolve("site/index.html"), text(random, 2100));
        byte[] big = Files.readAllBytes(src.resolve("media/big.bin"));
        big[big.length / 2] ^= 1;
        write(src.resolve("media/big.bin"), big);
        Files.delete(src.resolve("media/photos/b.jpg"));
        Files.delete(src.resolve("old/notes.txt"));
        Files.delete(src.resolve("old"));
        write(src.resolve("uploads/2024/new.txt"), text(random, 800));
        write(src.resolve("uploads/2024/more.txt"), text(random, 900));
        Files.setPosixFilePermissions(src.resolve("site/style.css"), PosixFilePermissions.fromString("rw-------"));
        String s2 = backup(restic, src);
        return new ResticRepoFixture(repoDir, src, s1, s2);
    }

    private static String backup(Restic restic, Path src) throws IOException, InterruptedException {
        String out = restic.ok("backup", "--json", "--host", "test", src.toString());
        String id = null;
        for (String line : out.split("\n")) {
            JsonNode n = JSON.readTree(line);
            if ("summary".equals(n.path("message_type").asText())) {
                id = n.get("snapshot_id").asText();
            }
        }
        if (id == null) {
            throw new IOException("restic backup printed no summary: " + out);
        }
        // restic 0.14 prints the short ID in the summary; the tests want the full one
        for (JsonNode sn : JSON.readTree(restic.ok("snapshots", "--json"))) {
            if (sn.get("id").asText().startsWith(id)) {
                return sn.get("id").asText();
            }
        }
        throw new IOException("restic snapshots does not list the new snapshot " + id);
    }

    /** Opens the repository (or a copy of it) with Cairn. */
    public static Repository open(Path repoDir) throws IOException {
        return Repositories.open(Storages.local(repoDir), PASSWORD.toCharArray(),
                RepositoryOptions.defaults());
    }

    /** Copies the repository so a test can damage the copy; files are made writable. */
    public Path copy(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(repoDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dst = target.resolve(repoDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
                    dst.toFile().setWritable(true, true);
                }
            }
        }
        return target;
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static byte[] text(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + random.nextInt(26));
        }
        return b;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
