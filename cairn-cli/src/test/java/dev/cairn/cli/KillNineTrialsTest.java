package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cli.KillPointStorageProvider.KillPoint;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of backup, forget, prune and repair at seeded points of their progress (105 trials by default: 30 backups, 20 forgets, 35 prunes, 20 index repairs; {@code
 * -Dcairn.crash.factor=10} or bench/crash-trials.sh run more, {@code -Dcairn.crash.seed=N} replays). Each trial starts
 * from a fresh copy of a template repository, kills the command at mutation N (before it, half-way through an
 * upload, or after it), then: Cairn's check and restic's check pass, no snapshot that should survive is missing or
 * damaged, and the next run of the command succeeds. Every few trials the data is read back too.
 */
class KillNineTrialsTest {

    @TempDir
    Path tmp;

    private Path template;
    private Path repo;
    private KillPointTrials trials;
    private long seed;
    private Random random;
    private long started;

    @BeforeEach
    void setUp() {
        Restic.require();
        template = tmp.resolve("template");
        repo = tmp.resolve("repo");
        trials = new KillPointTrials(repo, tmp.resolve("logs"));
        seed = KillPointTrials.seed();
        random = new Random(seed);
        started = System.nanoTime();
    }

    @Test
    void killedBackupsLeaveACheckableRepositoryAndTheNextBackupSucceeds() throws Exception {
        Cli cli = Cli.forRepo(template);
        assertThat(cli.run("init").exitCode()).isZero();
        EvolvingTree tree = new EvolvingTree(tmp.resolve("src"), seed);
        assertThat(cli.run("--pack-size", "4", "backup", tree.root().toString()).exitCode()).isZero();
        TreeSet<String> before = KillPointTrials.snapshotIds(template);
        // new data for several 4 MiB packs, next to the unchanged files (deduplicated against the template)
        KillPointTrials.writeTree(tree.root().resolve("new"), seed, 6 << 20);
        String[] backup = {"--pack-size", "4", "backup", tree.root().toString()};
        int n = calibrate(backup);
        int count = KillPointTrials.trials(30);
        int killed = 0;
        for (int t = 0; t < count; t++) {
            KillPoint point = KillPointTrials.pick(random, n);
            String what = context("backup", t, point, n);
            KillPointTrials.reset(template, repo);
            KillPointTrials.Outcome o = trials.killAt(point, backup);
            killed += outcome(o, what);
            KillPointTrials.assertCheckable(repo, what);
            TreeSet<String> after = KillPointTrials.snapshotIds(repo);
            assertThat(after).as(what).containsAll(before);
            assertThat(after.size()).as(what).isLessThanOrEqualTo(before.size() + 1);
            Cli.Run next = Cli.forRepo(repo).run(backup);
            assertThat(next.exitCode()).as("%s: the next backup%n%s", what, next.stderr()).isZero();
            if (t % 8 == 0) {
                readBack(what);
                KillPointTrials.assertRestores(repo, "latest", tree.root(), tmp.resolve("restored"), what);
            }
        }
        report("backup", count, killed, n);
    }

    @Test
    void killedForgetsNeverRemoveAKeptSnapshot() throws Exception {
        Cli cli = Cli.forRepo(template);
        assertThat(cli.run("init").exitCode()).isZero();
        EvolvingTree tree = new EvolvingTree(tmp.resolve("src"), seed);
        for (int day = 1; day <= 8; day++) {
            Cli.Run b = cli.run("--pack-size", "4", "backup", "--time", "2026-03-0" + day + " 12:00:00",
                    tree.root().toString());
            assertThat(b.exitCode()).as(b.stderr()).isZero();
            tree.evolve();
        }
        TreeSet<String> all = KillPointTrials.snapshotIds(template);
        String[][] variants = {{"forget", "--keep-last", "3"},
            {"--pack-size", "4", "forget", "--keep-last", "2", "--keep-daily", "1", "--prune"}};
        int count = KillPointTrials.trials(20);
        int killed = 0;
        for (int v = 0; v < variants.length; v++) {
            String[] forget = variants[v];
            int n = calibrate(forget);
            TreeSet<String> kept = KillPointTrials.snapshotIds(repo);
            for (int t = v; t < count; t += variants.length) {
                KillPoint point = KillPointTrials.pick(random, n);
                String what = context(String.join(" ", forget), t, point, n);
                KillPointTrials.reset(template, repo);
                killed += outcome(trials.killAt(point, forget), what);
                KillPointTrials.assertCheckable(repo, what);
                TreeSet<String> after = KillPointTrials.snapshotIds(repo);
                assertThat(after).as(what + ": every kept snapshot is there").containsAll(kept);
                assertThat(all).as(what + ": no snapshot appeared").containsAll(after);
                Cli.Run again = Cli.forRepo(repo).run(forget);
                assertThat(again.exitCode()).as("%s: forget again%n%s", what, again.stderr()).isZero();
                assertThat(KillPointTrials.snapshotIds(repo)).as(what).isEqualTo(kept);
                if (t % 5 == 0) {
                    KillPointTrials.assertCheckable(repo, what + ", after forgetting again");
                    readBack(what);
                }
            }
        }
        report("forget", count, killed, -1);
    }

    @Test
    void killedPrunesNeverLoseKeptData() throws Exception {
        Cli cli = Cli.forRepo(template);
        assertThat(cli.run("init").exitCode()).isZero();
        EvolvingTree tree = new EvolvingTree(tmp.resolve("src"), seed);
        for (int i = 0; i < 4; i++) {
            assertThat(cli.run("--pack-size", "4", "backup", tree.root().toString()).exitCode()).isZero();
            if (i < 3) {
                tree.evolve();
            }
        }
        new Restic(template, KillPointTrials.PASSWORD).ok("forget", "--keep-last", "2");
        TreeSet<String> kept = KillPointTrials.snapshotIds(template);
        String[] prune = {"--pack-size", "4", "prune", "--max-unused", "0%"};
        int n = calibrate(prune);
        int count = KillPointTrials.trials(35);
        int killed = 0;
        for (int t = 0; t < count; t++) {
            KillPoint point = KillPointTrials.pick(random, n);
            String what = context("prune", t, point, n);
            KillPointTrials.reset(template, repo);
            killed += outcome(trials.killAt(point, prune), what);
            KillPointTrials.assertCheckable(repo, what);
            assertThat(KillPointTrials.snapshotIds(repo)).as(what).isEqualTo(kept);
            Cli.Run again = Cli.forRepo(repo).run(prune);
            assertThat(again.exitCode()).as("%s: prune after the crash%n%s", what, again.stderr()).isZero();
            if (t % 5 == 0) {
                readBack(what);
                KillPointTrials.assertRestores(repo, "latest", tree.root(), tmp.resolve("restored"), what);
            }
        }
        report("prune", count, killed, n);
    }

    @Test
    void killedIndexRepairsLeaveACheckableRepositoryAndCanBeRerun() throws Exception {
        Cli cli = Cli.forRepo(template);
        assertThat(cli.run("init").exitCode()).isZero();
        Path src = Files.createDirectories(tmp.resolve("src"));
        // many small backups: many packs and index files for the repair to replace
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[64 * 1024];
            random.nextBytes(data);
            Files.write(src.resolve("file" + i), data);
            assertThat(cli.run("backup", src.toString()).exitCode()).isZero();
        }
        TreeSet<String> snapshots = KillPointTrials.snapshotIds(template);
        String[][] variants = {{"repair", "index"}, {"repair", "index", "--read-all-packs"}};
        int count = KillPointTrials.trials(20);
        int killed = 0;
        for (int v = 0; v < variants.length; v++) {
            String[] repair = variants[v];
            int n = calibrate(repair);
            for (int t = v; t < count; t += variants.length) {
                KillPoint point = KillPointTrials.pick(random, n);
                String what = context(String.join(" ", repair), t, point, n);
                KillPointTrials.reset(template, repo);
                killed += outcome(trials.killAt(point, repair), what);
                KillPointTrials.assertCheckable(repo, what);
                assertThat(KillPointTrials.snapshotIds(repo)).as(what).isEqualTo(snapshots);
                Cli.Run again = Cli.forRepo(repo).run(repair);
                assertThat(again.exitCode()).as("%s: repair again%n%s", what, again.stderr()).isZero();
                if (t % 5 == 0) {
                    readBack(what);
                }
            }
        }
        report("repair index", count, killed, -1);
    }

    /** Counts the mutations of a complete run on a fresh copy of the template (the copy is left as it ends). */
    private int calibrate(String... args) throws Exception {
        KillPointTrials.reset(template, repo);
        return trials.mutations(args);
    }

    private String context(String command, int trial, KillPoint point, int mutations) {
        return "seed " + seed + " (-Dcairn.crash.seed=" + seed + "), " + command + ", trial " + trial + ", kill at "
                + point + " of " + mutations + " mutations";
    }

    /** 1 if the child was killed; else it ran past its last mutation and must have succeeded. */
    private static int outcome(KillPointTrials.Outcome o, String what) {
        if (!o.killed()) {
            assertThat(o.exitCode()).as("%s: not killed, so it must succeed%n%s", what, o.output()).isZero();
        }
        return o.killed() ? 1 : 0;
    }

    /** Every blob of every snapshot reads back and matches its ID, for Cairn and restic. */
    private void readBack(String what) throws Exception {
        Cli.Run check = Cli.forRepo(repo).run("check", "--read-data");
        assertThat(check.exitCode()).as("%s: cairn check --read-data%n%s", what, check.stdout()).isZero();
        Restic.Result restic = new Restic(repo, KillPointTrials.PASSWORD).run("check", "--read-data");
        assertThat(restic.exitCode()).as("%s: restic check --read-data%n%s", what, restic.all()).isZero();
    }

    private void report(String command, int count, int killed, int mutations) {
        System.out.printf("kill -9 trials of %s: %d, %d killed mid-run (seed %d%s); %d ms in all, %d ms in the "
                + "killed processes%n", command, count, killed, seed,
                mutations > 0 ? ", " + mutations + " mutations per run" : "",
                (System.nanoTime() - started) / 1_000_000, trials.childMillis());
        assertThat(killed).as("seed %d: most trials must hit a running %s", seed, command)
                .isGreaterThan(count * 2 / 3);
    }
}
