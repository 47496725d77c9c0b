package dev.cairn.sources.testing;

import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.snapshots.restore.RestoreOptions;
import dev.cairn.snapshots.restore.Restorer;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Local test repositories, and restoring from them with Cairn or with the real restic. */
public final class TestRepos {

    public static final String PASSWORD = "db test password";

    private TestRepos() {
    }

    public static Repository init(Path dir) throws IOException {
        return Repositories.init(Storages.local(dir), PASSWORD.toCharArray(), RepositoryOptions.defaults(),
                new ScryptParams(16, 1, 1));
    }

    public static Archiver archiver(Repository repo) {
        return new Archiver(repo, BackupOptions.defaults().withHostname("dbtest").withTags(List.of("type:database")),
                new Progress("test"), Warnings.IGNORE);
    }

    /** Restores a whole snapshot with Cairn's restorer. */
    public static void restore(Repository repo, Snapshot snapshot, Path target) throws IOException {
        new Restorer(repo, new Progress("test"), Warnings.IGNORE).restore(snapshot, "/", target,
                RestoreOptions.defaults());
    }

    /** Restores the latest snapshot with the real restic ({@code restic restore latest --target}). */
    public static void resticRestore(Path repoDir, Path target) throws IOException, InterruptedException {
        Restic.require();
        new Restic(repoDir, PASSWORD).ok("restore", "latest", "--target", target.toString());
    }

    /** Runs a client tool (pg_restore, psql, mariadb) and fails with its output unless it exits 0. */
    public static String run(List<String> cmd, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
