package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Hosts;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks between Cairn processes and with the real restic: conflicts (exit 11), stale locks, unlock, retry. */
class LockCommandsTest {

    @TempDir
    Path tmp;

    private Path repo;
    private Cli cli;

    private void init() {
        repo = tmp.resolve("repo");
        cli = Cli.forRepo(repo);
        assertThat(cli.run("init").exitCode()).isZero();
    }

    /** Another "process" holding a lock: the engine with its own host name (and clock). */
    private Repository holder(String host, Clock clock) throws Exception {
        return Repositories.open(Storages.local(repo), "test password".toCharArray(),
                RepositoryOptions.defaults().withHostname(host).withClock(clock).withUsername("holder-user"));
    }

    @Test
    void aLiveLockOfAnotherHostBlocksWithExit11NamingItAndOnlyRemoveAllRemovesIt() throws Exception {
        init();
        try (Repository other = holder("other-host", Clock.systemUTC())) {
            RepositoryLock lock = other.lock(true);
            Cli.Run check = cli.run("check");
            assertThat(check.exitCode()).isEqualTo(11);
            assertThat(check.stderr()).contains("locked").contains("exclusive lock").contains("holder-user")
                    .contains("host other-host").contains("PID " + ProcessHandle.current().pid()).contains("ago");
            Cli.Run unlock = cli.run("unlock");
            assertThat(unlock.exitCode()).isZero();
            assertThat(unlock.stdout()).contains("no locks were removed");
            assertThat(unlock.stderr()).contains("kept").contains("other-host");
            assertThat(ChildCli.locks(repo)).hasSize(1);
            assertThat(cli.run("unlock", "--remove-all").stdout()).contains("successfully removed 1 locks");
            assertThat(cli.run("check").exitCode()).isZero();
            lock.close();
        }
    }

    @Test
    void aLockNotRefreshedFor30MinutesIsStaleAndUnlockRemovesIt() throws Exception {
        init();
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(61)), ZoneOffset.UTC);
        try (Repository other = holder("far-host", anHourAgo)) {
            RepositoryLock lock = other.lock(false);
            Cli.Run check = cli.run("check");
            assertThat(check.exitCode()).isEqualTo(11);
            assertThat(check.stderr()).contains("far-host").contains("stale").contains("cairn unlock");
            Cli.Run unlock = cli.run("unlock");
            assertThat(unlock.stdout()).contains("removed shared lock").contains("far-host")
                    .contains("successfully removed 1 locks");
            assertThat(cli.run("check").exitCode()).isZero();
            lock.close();
        }
    }

    @Test
    void aLockOfThisHostWithADeadPidIsRemovedByTheNextCommandWhichSaysSo() throws Exception {
        init();
        ChildCli.Child child = new ChildCli(repo, tmp.resolve("logs")).startPiped("--insecure-kdf", "backup", "--stdin",
                "--stdin-filename", "waits.txt");
        try {
            ChildCli.awaitLock(repo, child.process(), child::output);
        } finally {
            child.process().destroyForcibly().waitFor();
        }
        assertThat(ChildCli.locks(repo)).as("kill -9 leaves the lock behind").hasSize(1);
        Cli.Run check = cli.run("check");
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderr()).contains("removed stale lock").contains("of dead PID " + child.pid())
                .contains(Hosts.hostname());
        assertThat(ChildCli.locks(repo)).isEmpty();
    }

    @Test
    void retryLockWaitsUntilTheHolderReleases() throws Exception {
        init();
        try (Repository other = holder("other-host", Clock.systemUTC())) {
            RepositoryLock lock = other.lock(true);
            Thread release = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1000);
                    lock.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Cli.Run check = cli.run("--retry-lock", "2s", "check");
            release.join();
            assertThat(check.exitCode()).as(check.stderr()).isZero();
            assertThat(check.stderr()).contains("waiting up to 2s");
        }
        assertThat(cli.run("--retry-lock", "soon", "check").exitCode()).isEqualTo(1);
    }

    @Test
    void locksAreSharedWithRestic() throws Exception {
        Restic.require();
        init();
        Restic restic = new Restic(repo, "test password");
        // Cairn's lock blocks restic's prune
        try (Repository other = holder(Hosts.hostname(), Clock.systemUTC())) {
            RepositoryLock lock = other.lock(false);
            Restic.Result prune = restic.run("prune");
            assertThat(prune.exitCode()).as(prune.stdout() + prune.stderr()).isNotZero();
            assertThat(prune.stderr()).contains("locked");
            lock.close();
        }
        // restic's lock blocks Cairn's exclusive commands, named with restic's PID
        Process backup = restic.start("backup", "--stdin", "--stdin-filename", "waits.txt");
        try {
            ChildCli.awaitLock(repo, backup, () -> "");
            Cli.Run repair = cli.run("repair", "index");
            assertThat(repair.exitCode()).isEqualTo(11);
            assertThat(repair.stderr()).contains("PID " + backup.pid()).contains(Hosts.hostname());
        } finally {
            backup.getOutputStream().close();
            backup.waitFor();
        }
        // restic unlock removes Cairn's stale locks: one not refreshed for an hour, one of a dead Cairn process
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(61)), ZoneOffset.UTC);
        Repository old = holder("far-host", anHourAgo);
        old.lock(false);
        ChildCli.Child child = new ChildCli(repo, tmp.resolve("logs")).startPiped("--insecure-kdf", "backup", "--stdin",
                "--stdin-filename", "waits.txt");
        try {
            while (ChildCli.locks(repo).size() < 2) {
                assertThat(child.process().isAlive()).as("child alive: %s", child.output())
                        .isTrue();
                Thread.sleep(20);
            }
        } finally {
            child.process().destroyForcibly().waitFor();
        }
        restic.ok("unlock");
        assertThat(ChildCli.locks(repo)).isEmpty();
        old.close();
        assertThat(restic.ok("check")).contains("no errors were found");
    }
}
