package dev.cairn.snapshots.backup;

import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Not a unit test: backs up a generated ~300 MB tree (half compressible text-like data, half random; a few large
 * files and many small ones) into a local repository and prints MB/s for the initial and the unchanged re-backup,
 * then does the same with restic 0.14 when it is installed. Run with
 * {@code java -cp <test classpath> dev.cairn.snapshots.backup.BackupBenchmark [workdir [repodir]]}.
 */
public final class BackupBenchmark {

    static final String PASSWORD = "interop-secret";

    private BackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("cairn-bench");
        Path src = work.resolve("src");
        long bytes = Files.exists(src) ? size(src) : generate(src, new Random(42));
        System.out.printf("tree: %s, %.1f MB%n", src, bytes / 1e6);
        Path repos = args.length > 1 ? Path.of(args[1]) : work; // e.g. /dev/shm to take the disk out
        Path repoDir = repos.resolve("cairn-repo");
        deleteTree(repoDir);
        try (Repository repo = Repositories.init(Storages.local(repoDir), "bench".toCharArray(),
                RepositoryOptions.defaults(), new ScryptParams(16, 1, 1))) {
            time("cairn initial", bytes, () -> backup(repo, src));
            time("cairn unchanged", bytes, () -> backup(repo, src));
        }
        if (!Boolean.getBoolean("bench.cairnOnly") && Files.isExecutable(Path.of("/usr/bin/restic"))) {
            Path resticRepo = repos.resolve("restic-repo");
            deleteTree(resticRepo);
            new Restic(resticRepo, PASSWORD).ok("init");
            time("restic initial", bytes, () -> new Restic(resticRepo, PASSWORD).ok("backup", src.toString()));
            time("restic unchanged", bytes, () -> new Restic(resticRepo, PASSWORD).ok("backup", src.toString()));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void time(String what, long bytes, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-18s %7.2f s  %8.1f MB/s%n", what, s, bytes / 1e6 / s);
    }

    private static void backup(Repository repo, Path src) throws IOException {
        BackupResult r = new Archiver(repo, BackupOptions.defaults(), new Progress("bench"), Warnings.IGNORE)
                .backup(List.of(src));
        System.out.println("  " + r.summary());
    }

    private static long generate(Path src, Random rnd) throws IOException {
        long total = 0;
        byte[] words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
                .getBytes();
        for (int i = 0; i < 3; i++) {
            total += file(src.resolve("big/random-" + i + ".bin"), 50 << 20, rnd, null);
        }
        for (int i = 0; i < 2; i++) {
            total += file(src.resolve("big/text-" + i + ".log"), 40 << 20, rnd, words);
        }
        for (int i = 0; i < 3000; i++) {
            total += file(src.resolve("small/d" + (i % 50) + "/f" + i), 10_000 + rnd.nextInt(20_000), rnd,
                    i % 2 == 0 ? words : null);
        }
        return total;
    }

    private static long file(Path p, int size, Random rnd, byte[] words) throws IOException {
        Files.createDirectories(p.getParent());
        byte[] b = new byte[size];
        if (words == null) {
            rnd.nextBytes(b);
        } else {
            for (int i = 0; i < size; i++) {
                b[i] = rnd.nextInt(8) == 0 ? (byte) ('0' + rnd.nextInt(10)) : words[i % words.length];
            }
        }
        Files.write(p, b);
        return size;
    }

    private static long size(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }
}
