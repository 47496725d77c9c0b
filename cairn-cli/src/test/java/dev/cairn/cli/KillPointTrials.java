package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cli.KillPointStorageProvider.KillPoint;
import dev.cairn.cli.KillPointStorageProvider.Moment;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Crash trials at exact points: the CLI runs in a child JVM on the {@code killpoint:} backend, which sends itself
 * {@code kill -9} at mutation N of the repository (see {@link KillPointStorageProvider}). A calibration run counts
 * the mutations of a complete run; each trial then dies at a point drawn by a seeded {@link Random}, so a failure
 * names a seed that replays every kill exactly. Afterwards the same checks run for every command: Cairn's check
 * (which removes the dead process's lock, as the lock rules say) and restic 0.14's check both pass.
 */
final class KillPointTrials {

    static final String PASSWORD = "test password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path repo;
    private final Path logs;
    private int runs;
    private long childNanos;

    KillPointTrials(Path repo, Path logs) {
        this.repo = repo;
        this.logs = logs;
    }

    /** How a child ended: killed at its kill point, or exited by itself (the point lay beyond its last mutation). */
    record Outcome(boolean killed, int exitCode, String output) {
    }

    /** The seed for a test: {@code -Dcairn.crash.seed=N} (or CAIRN_CRASH_SEED) replays a run, else a fresh one. */
    static long seed() {
        String env = System.getenv("CAIRN_CRASH_SEED");
        return Long.getLong("cairn.crash.seed", env != null ? Long.parseLong(env) : new Random().nextLong());
    }

    /**
     * The number of trials: {@code defaultTrials} times {@code -Dcairn.crash.factor} (or CAIRN_CRASH_FACTOR; the
     * long run of bench/crash-trials.sh raises it).
     */
    static int trials(int defaultTrials) {
        String env = System.getenv("CAIRN_CRASH_FACTOR");
        double factor = Double.parseDouble(System.getProperty("cairn.crash.factor", env != null ? env : "1"));
        return Math.max(1, (int) Math.round(defaultTrials * factor));
    }

    /** A point among {@code mutations}: any mutation, at any moment. */
    static KillPoint pick(Random random, int mutations) {
        Moment[] moments = Moment.KILLING;
        return new KillPoint(1 + random.nextInt(mutations), moments[random.nextInt(moments.length)]);
    }

    /** Wall time spent in child processes so far, in milliseconds (for the report). */
    long childMillis() {
        return childNanos / 1_000_000;
    }

    /** Runs {@code args} to completion and returns how many mutations it made; it must succeed. */
    int mutations(String... args) throws IOException, InterruptedException {
        Path count = logs.resolve("mutations-" + (runs + 1));
        Outcome o = run(List.of("CAIRN_TEST_MUTATIONS_FILE=" + count), args);
        assertThat(o.exitCode()).as("calibration run of %s:%n%s", String.join(" ", args), o.output()).isZero();
        return Integer.parseInt(Files.readString(count, StandardCharsets.UTF_8).trim());
    }

    /** Runs {@code args} in a child that kills itself at {@code point}. */
    Outcome killAt(KillPoint point, String... args) throws IOException, InterruptedException {
        return run(List.of("CAIRN_TEST_KILL_AT=" + point), args);
    }

    /** A child started by {@link #start}: the process and the file its output goes to. */
    record Started(Process process, Path log) {

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits for the exit (a child still running after 5 minutes hangs: the test fails). */
        int exit() throws IOException, InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("cairn hung:\n" + output());
            }
            return process.exitValue();
        }
    }

    /** Starts {@code cairn ARGS} on the killpoint backend with extra {@code NAME=VALUE} variables. */
    Started start(List<String> extraEnv, String... args) throws IOException {
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED",
                "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED",
                // short runs: the quick compiler and the smallest collector start fastest
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), "dev.cairn.cli.Main",
                "--insecure-kdf"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") || k.startsWith("RESTIC_"));
        pb.environment().put("CAIRN_REPOSITORY", "killpoint:" + repo);
        pb.environment().put("CAIRN_PASSWORD", PASSWORD);
        pb.environment().put("LC_ALL", "C.UTF-8");
        for (String e : extraEnv) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Path log = logs.resolve("run-" + (++runs) + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new Started(pb.start(), log);
    }

    private Outcome run(List<String> extraEnv, String... args) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Started started = start(extraEnv, args);
        int exit = started.exit();
        Path log = started.log();
        childNanos += System.nanoTime() - start;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Outcome(exit == 128 + 9, exit, output);
    }

    /**
     * The checks after every crash: Cairn's check passes (removing the killed process's lock by itself, since its
     * PID is dead on this host), no lock is left, and restic's check passes.
     */
    static void assertCheckable(Path repo, String context) throws IOException, InterruptedException {
        Cli.Run check = Cli.forRepo(repo).run("check");
        assertThat(check.exitCode()).as("%s: cairn check%n%s%s", context, check.stdout(), check.stderr()).isZero();
        assertThat(ChildCli.locks(repo)).as("%s: the dead process's lock was removed", context).isEmpty();
        Restic.Result restic = new Restic(repo, PASSWORD).run("check");
        assertThat(restic.exitCode()).as("%s: restic check%n%s", context, restic.all()).isZero();
    }

    /** The IDs of the repository's snapshots, each file decoded whole (a half-written one would fail). */
    static TreeSet<String> snapshotIds(Path repo) throws IOException {
        Cli.Run run = Cli.forRepo(repo).run("--json", "snapshots");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        TreeSet<String> ids = new TreeSet<>();
        for (JsonNode s : JSON.readTree(run.stdout())) {
            ids.add(s.get("id").asText());
        }
        try (var files = Files.list(repo.resolve("snapshots"))) {
            assertThat(files.filter(f -> !f.getFileName().toString().contains("-tmp-")).count())
                    .as("every snapshot file decodes").isEqualTo(ids.size());
        }
        return ids;
    }

    /** Restores {@code snapshot} and compares it with {@code source}. */
    static void assertRestores(Path repo, String snapshot, Path source, Path target, String context)
            throws IOException {
        deleteTree(target);
        Cli.Run restore = Cli.forRepo(repo).run("restore", snapshot, "--target", target.toString());
        assertThat(restore.exitCode()).as("%s: restore%n%s", context, restore.stderr()).isZero();
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
    }

    /** Replaces {@code repo} with a fresh copy of {@code template}. */
    static void reset(Path template, Path repo) throws IOException {
        deleteTree(repo);
        copyTree(template, repo);
    }

    /** Replaces {@code dir}'s content with ~{@code total} bytes of fresh random data in files of 0..3 MiB. */
    static void writeTree(Path dir, long seed, int total) throws IOException {
        deleteTree(dir);
        Random random = new Random(seed);
        int written = 0;
        for (int i = 0; written < total; i++) {
            Path sub = dir.resolve("d" + (i % 7)).resolve("e" + (i % 3));
            Files.createDirectories(sub);
            byte[] content = new byte[Math.min(total - written, random.nextInt(3 << 20))];
            random.nextBytes(content);
            Files.write(sub.resolve("f" + i + ".bin"), content);
            written += content.length;
        }
    }

    /** Copies a repository folder (a fresh subject for each trial). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    /** Deletes a folder recursively. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
