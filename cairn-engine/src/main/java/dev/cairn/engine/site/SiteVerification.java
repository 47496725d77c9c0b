package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.browse.TreeWalker;
import dev.cairn.snapshots.check.CheckOptions;
import dev.cairn.snapshots.check.CheckResult;
import dev.cairn.snapshots.check.Checker;
import dev.cairn.snapshots.check.ReadDataSubset;
import dev.cairn.snapshots.check.SnapshotPacks;
import dev.cairn.snapshots.dump.Dumper;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.storage.Handle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Verifies one site backup and records the verdict (completed → verifying → verified | corrupted): the repository
 * check of its location (as {@code cairn check}), re-reading the packs that hold the snapshot's data (all of them,
 * or a random share), and a restore drill-lite that reads the snapshot's {@code cairn-manifest.json} and compares
 * it with what the snapshot holds: each database dump file's size and SHA-256 (the bytes are read back through the
 * repository, so every blob is decrypted and its hash checked) and each media tree's file count.
 */
public final class SiteVerification {

    /** The verdict; {@code problems} is empty when the backup is intact. */
    public record Result(Backup backup, int packsRead, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private final SiteLocations locations;
    private final Catalog catalog;
    private final RandomGenerator random;

    public SiteVerification(SiteLocations locations, Catalog catalog, RandomGenerator random) {
        this.locations = locations;
        this.catalog = catalog;
        this.random = random;
    }

    /**
     * Verifies {@code backupId}. A verdict (either way) is recorded and returned. No verdict is an exception, a
     * {@link SiteException} saying "could not verify": the location cannot be opened or read (unreachable, wrong
     * password, gone), another process holds an exclusive lock (a prune), or the job was interrupted; the backup
     * then keeps its last verdict (or completed) and the reason is recorded as its {@code verify_error}. Only what
     * the repository itself shows (undecodable or missing data, a snapshot that disagrees with its manifest) makes
     * a backup corrupted.
     *
     * @param readDataPercent 0 to re-read every pack of the snapshot, else that share of them (at least one)
     */
    public Result verify(long backupId, int readDataPercent, JobListener listener) throws Exception {
        Backup backup = catalog.backups().get(backupId);
        if (backup.snapshotId() == null) {
            throw new SiteException("backup " + backupId + " is " + backup.status().key() + " and has no snapshot");
        }
        catalog.backups().startVerification(backupId);
        Result result;
        try {
            result = run(backup, readDataPercent, listener);
        } catch (Exception | Error e) {
            String reason = (e instanceof InterruptedException ? "interrupted" : message(e));
            catalog.backups().verificationAbandoned(backupId, "could not verify on location " + backup.location()
                    + ": " + reason);
            if (e instanceof InterruptedException || e instanceof Error) {
                throw e;
            }
            throw new SiteException("could not verify backup " + backupId + " on location " + backup.location()
                    + " (its status stays " + catalog.backups().get(backupId).status().key() + "): " + reason, e);
        }
        Backup recorded = catalog.backups().verified(backupId, result.intact(),
                result.intact() ? null : String.join("; ", result.problems()));
        return new Result(recorded, result.packsRead(), result.problems());
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private Result run(Backup backup, int readDataPercent, JobListener listener) throws Exception {
        Progress progress = listener.progress();
        List<String> problems = new ArrayList<>();
        Id snapshotId = Id.parse(backup.snapshotId());
        try (Repository repo = locations.open(backup.location(), null);
                // Non-exclusive, unlike restic's check (0.14 to 0.18 take an exclusive lock; its maintainers plan to
                // drop that, restic#1141): this reads one snapshot, and a shared lock is enough to keep prune and
                // forget (exclusive) from removing its packs, while other sites' backups to the same location go on.
                RepositoryLock lock = repo.lock(false)) {
            Snapshot snapshot;
            try {
                snapshot = repo.loadSnapshot(snapshotId);
            } catch (RepositoryException.Corrupt | NoSuchFileException | RuntimeException e) {
                return new Result(backup, 0, List.of("snapshot " + snapshotId.shortHex() + " cannot be read: "
                        + e.getMessage()));
            }
            progress.phase("find packs");
            Set<Id> packs;
            boolean all = false;
            try {
                packs = SnapshotPacks.of(repo, snapshot);
            } catch (RepositoryException.Corrupt | NoSuchFileException | RuntimeException e) {
                // a tree of the snapshot is unreadable: say so, and let the check read every pack to map the damage
                problems.add("snapshot " + snapshotId.shortHex() + " cannot be listed: " + e.getMessage());
                packs = repo.indexedPackSizes().keySet();
                all = true;
            }
            Set<Id> chosen = readDataPercent == 0 || all ? packs
                    : new ReadDataSubset.Percent(readDataPercent).select(
                            packs.stream().collect(java.util.stream.Collectors.toMap(p -> p, p -> 0L)), random);
            listener.say("checking location " + backup.location() + ", reading " + chosen.size() + " of "
                    + packs.size() + " packs of snapshot " + snapshotId.shortHex());
            CheckResult check = new Checker(repo).check(new CheckOptions(false, new ReadDataSubset.Only(chosen),
                    random), progress);
            List<String> affected = check.affectedPaths().get(snapshotId);
            // Under a shared lock another backup may add a snapshot whose index this check loaded too early to
            // see: errors that touch no pack and no path of this snapshot say nothing about this backup.
            boolean concernsThis = (affected != null && !affected.isEmpty())
                    || check.damagedPacks().stream().anyMatch(packs::contains) || all;
            if (concernsThis) {
                check.errors().forEach(e -> problems.add("check: " + e));
            } else {
                check.errors().forEach(e -> listener.say("warning: location " + backup.location() + ": " + e
                        + " (not in this backup's snapshot)"));
            }
            if (affected != null && !affected.isEmpty()) {
                problems.add("damaged in this snapshot: " + String.join(", ", affected.subList(0,
                        Math.min(10, affected.size()))) + (affected.size() > 10 ? " and " + (affected.size() - 10)
                        + " more" : ""));
            }
            progress.phase("verify manifest");
            drill(repo, snapshot, backup.site(), problems);
            if (!problems.isEmpty()) {
                // A read that failed because the storage went away looks like damage from inside the check: only
                // call the backup corrupted if the location still answers.
                repo.storage().stat(Handle.config());
            }
            return new Result(backup, chosen.size(), problems);
        }
    }

    /** The restore drill-lite: the manifest against the snapshot's dump files and media trees. */
    private static void drill(Repository repo, Snapshot snapshot, String site, List<String> problems) {
        SnapshotLayout layout = SnapshotLayout.site(site);
        Dumper dumper = new Dumper(repo, (p, m) -> { });
        JsonNode json;
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            dumper.dumpFile(snapshot, layout.manifest(), out);
            json = SiteContent.JSON.readTree(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            problems.add("manifest " + layout.manifest() + " cannot be read: " + e.getMessage());
            return;
        }
        try {
            Manifest manifest = Manifest.parse(SiteContent.JSON.writeValueAsBytes(json));
            for (Manifest.Database db : manifest.databases()) {
                for (Manifest.DumpFile f : db.files()) {
                    checkDumpFile(dumper, snapshot, db.path() + "/" + f.path(), f, problems);
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("manifest " + layout.manifest() + " cannot be parsed: " + e.getMessage());
        }
        for (JsonNode media : json.path("site").path("media")) {
            if (media.has("files")) {
                checkMediaCount(repo, snapshot, media.path("path").asText(), media.path("files").asLong(),
                        problems);
            }
        }
    }

    private static void checkDumpFile(Dumper dumper, Snapshot snapshot, String path, Manifest.DumpFile f,
            List<String> problems) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] size = {0};
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                super.write(b, off, len);
                size[0] += len;
            }
        }) {
            dumper.dumpFile(snapshot, path, out);
        } catch (IOException | RuntimeException e) {
            problems.add("database dump " + path + " cannot be read: " + e.getMessage());
            return;
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        if (size[0] != f.size() || (f.sha256() != null && !hex.equalsIgnoreCase(f.sha256()))) {
            problems.add("database dump " + path + " differs from the manifest: " + size[0] + " bytes, sha256 "
                    + hex + " (manifest: " + f.size() + " bytes, sha256 " + f.sha256() + ")");
        }
    }

    private static void checkMediaCount(Repository repo, Snapshot snapshot, String path, long expected,
            List<String> problems) {
        long[] files = {0};
        try {
            Node root = new TreeWalker(repo).find(snapshot.tree(), path);
            if (root == null) {
                problems.add("media " + path + " is missing from the snapshot");
                return;
            }
            new TreeWalker(repo).walk(snapshot.tree(), path, (p, node) -> {
                if (node.isFile()) {
                    files[0]++;
                }
                return TreeWalker.Action.CONTINUE;
            });
        } catch (IOException | RuntimeException e) {
            problems.add("media " + path + " cannot be listed: " + e.getMessage());
            return;
        }
        if (files[0] != expected) {
            problems.add("media " + path + " holds " + files[0] + " files, the manifest says " + expected);
        }
    }
}
