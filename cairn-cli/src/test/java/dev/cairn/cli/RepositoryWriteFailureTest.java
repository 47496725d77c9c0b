package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups into a repository that cannot take more data: a really full file system (a 24 MiB tmpfs, mounted when
 * the tests run as root) and a repository whose data folder cannot be written. Each must fail with exit 1 and a
 * message naming the problem, write no snapshot, release its lock and leave a repository restic accepts.
 * (Without root privileges the disk-full case skips; the engine-level FaultInjectingStorage variant in
 * cairn-snapshots' backup ResticInteropTest still covers the logic.)
 */
class RepositoryWriteFailureTest {

    @TempDir
    Path tmp;

    @Test
    void diskFullFailsCleanlyAndTheNextBackupSucceedsOnceThereIsSpace() throws Exception {
        Restic.require();
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        boolean mounted = Privileged.root() && Privileged.run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs",
                mount.toString());
        if (!mounted) {
            System.err.println("!!! SKIPPING real disk-full test: cannot mount a tmpfs (needs root) !!!");
        }
        assumeTrue(mounted, "cannot mount a small tmpfs");
        try {
            Path repo = mount.resolve("repo");
            Path source = tmp.resolve("src");
            KillPointTrials.writeTree(source, 7, 40 << 20);
            Cli cli = Cli.forRepo(repo);
            assertThat(cli.run("init").exitCode()).isZero();

            Cli.Run full = cli.run("--pack-size", "4", "backup", source.toString());

            assertThat(full.exitCode()).as(full.stderr()).isEqualTo(1);
            assertThat(full.stderr()).containsIgnoringCase("no space left").contains(repo.toString())
                    .doesNotContain("\tat ");
            System.out.println("disk full: " + full.stderr().strip());
            assertNoSnapshotNoLock(repo);
            // The full disk cannot take restic's lock file either.
            Restic restic = new Restic(repo, "test password");
            Restic.Result check = restic.run("--no-lock", "check");
            assertThat(check.exitCode()).as(check.all()).isZero();

            assertThat(Privileged.run("mount", "-o", "remount,size=200m", mount.toString())).isTrue();
            Cli.Run next = cli.run("--pack-size", "4", "backup", source.toString());
            assertThat(next.exitCode()).as(next.stderr()).isZero();
            assertThat(restic.run("check", "--read-data").exitCode()).isZero();
        } finally {
            Privileged.run("umount", mount.toString());
        }
    }

    @Test
    void unwritableDataFolderFailsCleanly() throws Exception {
        Restic.require();
        Path repo = tmp.resolve("repo");
        Path source = tmp.resolve("src");
        KillPointTrials.writeTree(source, 8, 6 << 20);
        Cli cli = Cli.forRepo(repo);
        assertThat(cli.run("init").exitCode()).isZero();
        Privileged.readOnly(repo.resolve("data"), true);
        Cli.Run backup;
        try {
            backup = cli.run("backup", source.toString());
        } finally {
            Privileged.readOnly(repo.resolve("data"), false);
        }
        assertThat(backup.exitCode()).as(backup.stderr()).isEqualTo(1);
        assertThat(backup.stderr()).contains(repo.toString()).contains("save data/").doesNotContain("\tat ");
        assertNoSnapshotNoLock(repo);
        Restic.Result check = new Restic(repo, "test password").run("check");
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(cli.run("backup", source.toString()).exitCode()).isZero();
    }

    private static void assertNoSnapshotNoLock(Path repo) throws Exception {
        try (Stream<Path> snapshots = Files.list(repo.resolve("snapshots"));
                Stream<Path> locks = Files.list(repo.resolve("locks"))) {
            assertThat(snapshots.toList()).as("no snapshot").isEmpty();
            assertThat(locks.toList()).as("lock released").isEmpty();
        }
    }
}
