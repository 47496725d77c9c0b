package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.site.SiteBackupResult.Outcome;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification of a site backup in a real local repository: intact → verified, a damaged pack → corrupted; a
 * location that cannot be read (gone, wrong password, exclusively locked) → "could not verify", status unchanged.
 */
class SiteVerificationTest {

    @TempDir
    Path tmp;

    @Test
    void anIntactBackupBecomesVerified() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            SiteVerification.Result r = verification(services).verify(id, 0, site.listener());
            assertTrue(r.intact(), r.problems().toString());
            assertTrue(r.packsRead() >= 1, "the snapshot's packs are read: " + r.packsRead());
            Backup row = services.catalog().backups().get(id);
            assertEquals(BackupStatus.VERIFIED, row.status());
            assertTrue(row.verified());
            assertNull(row.error());

            // again, reading a share of the packs: still at least one pack, still verified
            SiteVerification.Result again = verification(services).verify(id, 1, site.listener());
            assertTrue(again.intact(), again.problems().toString());
            assertEquals(1, again.packsRead());
            assertEquals(BackupStatus.VERIFIED, services.catalog().backups().get(id).status());
        }
    }

    @Test
    void aDamagedPackMakesTheBackupCorruptedAndNamesThePack() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            Path pack = largestPack(tmp.resolve("repo-local"));
            damage(pack);
            SiteVerification.Result r = verification(services).verify(id, 0, site.listener());
            assertFalse(r.intact());
            Backup row = services.catalog().backups().get(id);
            assertEquals(BackupStatus.CORRUPTED, row.status());
            assertFalse(row.verified());
            assertNull(row.verifyError(), "a real verdict, not a could-not-verify");
            String packId = pack.getFileName().toString();
            assertTrue(row.error().contains(packId.substring(0, 8)), "the error names the pack: " + row.error());
        }
    }

    @Test
    void aDamagedDataPackIsFoundByReadingTheSnapshotsPacksAndTheDrillNamesTheFile() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            java.util.Set<dev.cairn.repository.Id> dataPacks = new java.util.HashSet<>();
            try (dev.cairn.repository.Repository repo = services.locations().open("local", null)) {
                repo.forEachIndexedBlob(b -> {
                    if (b.type() == dev.cairn.repository.BlobType.DATA) {
                        dataPacks.add(b.pack());
                    }
                });
            }
            assertFalse(dataPacks.isEmpty());
            for (dev.cairn.repository.Id p : dataPacks) {
                damage(tmp.resolve("repo-local/data/" + p.hex().substring(0, 2) + "/" + p.hex()));
            }
            SiteVerification.Result r = verification(services).verify(id, 0, site.listener());
            Backup row = services.catalog().backups().get(id);
            assertEquals(BackupStatus.CORRUPTED, row.status(), r.problems().toString());
            String packId = dataPacks.iterator().next().hex();
            assertTrue(row.error().contains(packId.substring(0, 8)), "the error names the pack: " + row.error());
            assertTrue(row.error().contains("/site/blog/"), "the error names damaged files: " + row.error());
        }
    }

    @Test
    void aLocationThatCannotBeReachedIsCouldNotVerifyNotCorrupted() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            assertTrue(verification(services).verify(id, 0, site.listener()).intact());
            // the location's disk is gone (unmounted): nothing can be read, nothing is known about the data
            Files.move(tmp.resolve("repo-local"), tmp.resolve("unmounted"));
            SiteException e = assertThrows(SiteException.class,
                    () -> verification(services).verify(id, 0, site.listener()));
            assertTrue(e.getMessage().startsWith("could not verify backup " + id + " on location local (its status "
                    + "stays verified)"), e.getMessage());
            Backup row = services.catalog().backups().get(id);
            assertEquals(BackupStatus.VERIFIED, row.status(), "the last verdict stands");
            assertNull(row.error());
            assertTrue(row.verifyError().contains("could not verify on location local"), row.verifyError());
            assertNotNull(row.verifyAttemptedAt());

            Files.move(tmp.resolve("unmounted"), tmp.resolve("repo-local"));
            assertTrue(verification(services).verify(id, 0, site.listener()).intact());
            assertNull(services.catalog().backups().get(id).verifyError(), "a verdict clears the old reason");
        }
    }

    @Test
    void aWrongPasswordIsCouldNotVerify() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            Files.writeString(tmp.resolve("pw.txt"), "someone changed it\n");
            try (SiteServices changed = site.open()) {
                SiteException e = assertThrows(SiteException.class,
                        () -> verification(changed).verify(id, 0, site.listener()));
                assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
            }
            Backup row = services.catalog().backups().get(id);
            assertEquals(BackupStatus.COMPLETED, row.status());
            assertTrue(row.verifyError().contains("wrong password"), row.verifyError());
        }
    }

    @Test
    void aPruneHoldingTheExclusiveLockIsCouldNotVerifyAndABackupsSharedLockIsNoObstacle() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            // another process's backup holds a shared lock: verify only needs a shared one too
            try (dev.cairn.repository.Repository other = services.locations().open("local", null);
                    var shared = other.lock(false)) {
                assertTrue(verification(services).verify(id, 0, site.listener()).intact());
            }
            // a prune holds the exclusive lock: no verdict, the backup stays verified
            try (dev.cairn.repository.Repository other = services.locations().open("local", null);
                    var exclusive = other.lock(true)) {
                SiteException e = assertThrows(SiteException.class,
                        () -> verification(services).verify(id, 0, site.listener()));
                assertTrue(e.getMessage().contains("locked"), e.getMessage());
            }
            Backup row = services.catalog().backups().get(id);
            assertEquals(BackupStatus.VERIFIED, row.status());
            assertTrue(row.verifyError().contains("locked"), row.verifyError());
        }
    }

    @Test
    void aVerificationCutOffByACrashReturnsToCompletedAtStartAndCanRunAgain() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            services.catalog().backups().startVerification(id); // the process died here
            new dev.cairn.engine.jobs.SiteServiceOperations(services, k -> java.util.Optional.empty())
                    .releaseStaleLocks("blog");
            assertEquals(BackupStatus.COMPLETED, services.catalog().backups().get(id).status());
            assertTrue(verification(services).verify(id, 0, site.listener()).intact());
            assertEquals(BackupStatus.VERIFIED, services.catalog().backups().get(id).status());
        }
    }

    @Test
    void theDrillFindsASnapshotThatDisagreesWithItsManifest() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            long id = backup(services, site);
            String snapshot;
            try (dev.cairn.repository.Repository repo = services.locations().open("local", null);
                    var lock = repo.lock(false)) {
                // a snapshot sound in the repository but missing a media file the manifest counts
                dev.cairn.repository.Snapshot sn = repo.loadSnapshot(dev.cairn.repository.Id.parse(
                        services.catalog().backups().get(id).snapshotId()));
                dev.cairn.repository.Id tree = without(repo, sn.tree(),
                        List.of("site", "blog", "media", "media", "index.html"));
                repo.flush();
                snapshot = repo.saveSnapshot(new dev.cairn.repository.Snapshot(sn.time(), null, tree, sn.paths(),
                        sn.hostname(), sn.username(), sn.uid(), sn.gid(), sn.excludes(), sn.tags(), null,
                        sn.programVersion(), sn.summary())).hex();
            }
            Backup crafted = services.catalog().backups().create(new Backup.New("blog", null, "crafted",
                    BackupType.FULL, dev.cairn.engine.TriggerType.MANUAL, "local", List.of("local"), "auto",
                    List.of(), List.of(), "test"));
            services.catalog().backups().start(crafted.id());
            services.catalog().backups().complete(crafted.id(), new Backup.Result(snapshot, 1, 1, 1, null, null,
                    null, null, null));
            SiteVerification.Result r = verification(services).verify(crafted.id(), 0, site.listener());
            assertEquals(List.of("media /site/blog/media/media holds 2 files, the manifest says 3"), r.problems());
            assertEquals(BackupStatus.CORRUPTED, services.catalog().backups().get(crafted.id()).status());
        }
    }

    /** Saves copies of the trees along {@code path} without its last element; returns the new root tree. */
    private static dev.cairn.repository.Id without(dev.cairn.repository.Repository repo,
            dev.cairn.repository.Id tree, List<String> path) throws IOException {
        List<dev.cairn.repository.Node> nodes = new java.util.ArrayList<>();
        for (dev.cairn.repository.Node n : repo.loadTree(tree).nodes()) {
            if (!n.name().toString().equals(path.getFirst())) {
                nodes.add(n);
            } else if (path.size() > 1) {
                nodes.add(n.toBuilder().subtree(without(repo, n.subtree(), path.subList(1, path.size()))).build());
            }
        }
        return repo.saveTree(new dev.cairn.repository.Tree(nodes));
    }

    private static SiteVerification verification(SiteServices services) {
        return new SiteVerification(services.locations(), services.catalog(), new SplittableRandom(7));
    }

    private static long backup(SiteServices services, SiteFixture site) throws Exception {
        SiteBackupResult r = services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL),
                site.listener());
        assertEquals(Outcome.COMPLETED, r.outcome(), r.message());
        return r.locations().getFirst().backupId();
    }

    static Path largestPack(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            List<Path> packs = s.filter(Files::isRegularFile).toList();
            return packs.stream().max(Comparator.comparingLong(SiteVerificationTest::size)).orElseThrow();
        }
    }

    /** Overwrites bytes in the middle of the pack (its size stays the same, so only reading it shows the damage). */
    static void damage(Path pack) throws IOException {
        pack.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            long at = f.length() / 3;
            f.seek(at);
            byte[] junk = new byte[64];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            f.write(junk);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
