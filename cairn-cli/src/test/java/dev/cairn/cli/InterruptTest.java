package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) during a backup in a separate JVM: exit 130 promptly, no snapshot, no lock, a checkable repo. */
class InterruptTest {

    @TempDir
    Path tmp;

    @Test
    void sigintDuringBackupExits130AndLeavesNothingHalfWritten() throws Exception {
        Restic.require();
        Path repo = tmp.resolve("repo");
        Path source = tmp.resolve("src");
        KillPointTrials.writeTree(source, 42, 80 << 20);
        assertThat(Cli.forRepo(repo).run("init").exitCode()).isZero();
        ChildCli.Child backup = new ChildCli(repo, tmp.resolve("logs"))
                .start("--pack-size", "4", "backup", source.toString());
        awaitFirstPack(repo, backup);

        ChildCli.interrupt(backup);

        // 10 s is a hang guard, not a speed requirement: before the fix in Main, exiting took the shutdown hook's
        // full 15 s join timeout.
        int exit = backup.exitWithin(10);
        assertThat(exit).as(backup.stderr()).isEqualTo(130);
        assertThat(backup.stderr()).contains("interrupted").doesNotContain("\tat ");
        assertThat(list(repo.resolve("snapshots"))).as("no snapshot").isZero();
        assertThat(list(repo.resolve("locks"))).as("the lock was released").isZero();
        Restic.Result check = new Restic(repo, "test password").run("check");
        assertThat(check.exitCode()).as(check.all()).isZero();
    }

    /** Waits until the backup has stored a pack, i.e. is well under way (it needs several seconds for 80 MiB). */
    private static void awaitFirstPack(Path repo, ChildCli.Child backup) throws Exception {
        for (int i = 0; i < 3000; i++) {
            if (!backup.process().isAlive()) {
                throw new AssertionError("backup ended before it could be interrupted: " + backup.stderr());
            }
            try (Stream<Path> packs = Files.walk(repo.resolve("data"))) {
                if (packs.anyMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().contains("-tmp-"))) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pack appeared within 30 s");
    }

    private static long list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
