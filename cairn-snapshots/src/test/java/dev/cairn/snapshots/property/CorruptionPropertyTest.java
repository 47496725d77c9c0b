package dev.cairn.snapshots.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.snapshots.check.CheckOptions;
import dev.cairn.snapshots.check.Checker;
import dev.cairn.snapshots.restore.RestoreOptions;
import dev.cairn.snapshots.restore.RestoreResult;
import dev.cairn.snapshots.restore.Restorer;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: flipping random bytes in any repository file (config, key, snapshot, index, pack) is always noticed —
 * opening fails, or {@code check --read-data} reports an error — and a restore from the damaged repository never
 * returns wrong bytes without reporting a failure.
 *
 * <p>Key files are JSON whose {@code created}/{@code username}/{@code hostname} fields are, in restic's format, not
 * authenticated; a flip there is legitimately invisible, so key flips go into the {@code salt} and {@code data}
 * values, which are.
 */
class CorruptionPropertyTest {

    private static final char[] PASSWORD = "pw".toCharArray();

    @TempDir
    Path tmp;

    @Test
    void randomByteFlipsAreAlwaysDetected() throws Exception {
        long seed = Long.getLong("cairn.property.seed", System.nanoTime());
        int iterations = Integer.getInteger("cairn.property.iterations", 120);
        Random random = new Random(seed);
        Path source = tmp.resolve("src");
        RandomTrees.generate(source, new Random(seed), 256 << 10);
        Files.writeString(source.resolve("always-there.txt"), "at least one file\n");
        Path repoDir = tmp.resolve("repo");
        try (Repository repo = Repositories.init(Storages.local(repoDir), PASSWORD, RepositoryOptions.defaults(),
                new ScryptParams(16, 1, 1))) {
            new Archiver(repo, BackupOptions.defaults(), new Progress("backup"), (p, m) -> { })
                    .backup(List.of(source));
        }
        Map<String, String> expected = RandomTrees.describe(source);
        List<Path> files = repositoryFiles(repoDir);
        for (int i = 0; i < iterations; i++) {
            // Damage one file in place and put it back afterwards: copying the repository (256 data/ folders)
            // for every iteration would dominate the run time.
            Path victim = files.get(random.nextInt(files.size()));
            byte[] original = Files.readAllBytes(victim);
            String what = flip(victim, original, random);
            String context = "seed " + seed + " (-Dcairn.property.seed=" + seed + "), iteration " + i + ": " + what;
            Path target = tmp.resolve("target" + i);
            assertDetected(repoDir, source, expected, target, context);
            Files.write(victim, original);
            if (Files.exists(target)) {
                deleteTree(target);
            }
        }
    }

    private static void assertDetected(Path repoDir, Path source, Map<String, String> expected, Path target,
            String context) throws IOException {
        Repository repo;
        try {
            repo = Repositories.open(Storages.local(repoDir), PASSWORD, RepositoryOptions.defaults());
        } catch (IOException detected) {
            return;
        }
        try (repo) {
            boolean checkFailed;
            try {
                checkFailed = !new Checker(repo).check(CheckOptions.readAll(), new Progress("check")).ok();
            } catch (IOException detected) {
                checkFailed = true;
            }
            assertThat(checkFailed).as(context + ": check --read-data must report the damage").isTrue();
            Snapshot snapshot;
            try {
                snapshot = repo.listSnapshots().getFirst().snapshot();
            } catch (IOException detected) {
                return;
            }
            RestoreResult restore;
            try {
                restore = new Restorer(repo, new Progress("restore"), (p, m) -> { })
                        .restore(snapshot, source.toString(), target, RestoreOptions.defaults());
            } catch (IOException detected) {
                return;
            }
            if (restore.failures().isEmpty()) {
                assertThat(RandomTrees.describe(target)).as(context + ": a restore without failures is exact")
                        .isEqualTo(expected);
            }
        }
    }

    /** Flips 1–3 bytes of {@code file}; returns what was done, for the failure message. */
    private static String flip(Path file, byte[] original, Random random) throws IOException {
        byte[] bytes = original.clone();
        int from = 0;
        int to = bytes.length;
        if (file.getParent().getFileName().toString().equals("keys")) {
            String json = new String(bytes, StandardCharsets.ISO_8859_1);
            String field = random.nextBoolean() ? "\"salt\":\"" : "\"data\":\"";
            from = json.indexOf(field) + field.length();
            to = json.indexOf('"', from);
        }
        int flips = 1 + random.nextInt(3);
        StringBuilder where = new StringBuilder(file.getFileName() + " in " + file.getParent().getFileName() + " at");
        for (int k = 0; k < flips; k++) {
            int at = from + random.nextInt(to - from);
            bytes[at] ^= (byte) (1 + random.nextInt(255));
            where.append(' ').append(at);
        }
        file.toFile().setWritable(true, true);
        Files.write(file, bytes);
        return where.toString();
    }

    private static List<Path> repositoryFiles(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
