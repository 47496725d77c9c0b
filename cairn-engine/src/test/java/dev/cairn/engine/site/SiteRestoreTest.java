package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.catalog.RestoreJob;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site restores with the DESIGN §4 safety model, media part: swap, verification, rollback, hooks, failures. */
class SiteRestoreTest {

    @TempDir
    Path tmp;

    @Test
    void liveMediaRestoreSwapsKeepsTheOldTreeAndRollsBack() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            Map<String, String> original = tree(site.media);
            String snap = services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL),
                    site.listener()).snapshotId();
            Files.delete(site.media.resolve("uploads/2026/a.txt"));
            Files.writeString(site.media.resolve("index.html"), "<h1>defaced</h1>\n");
            Files.writeString(site.media.resolve("uploads/new.txt"), "added later\n");
            Map<String, String> changed = tree(site.media);

            SiteRestoreResult dry = services.restores().restore(request(null, "media", List.of()).dryRun(),
                    site.listener());
            assertEquals(1, dry.media().getFirst().created(), "a.txt would come back");
            assertEquals(1, dry.media().getFirst().overwritten(), "index.html would be replaced");
            // new.txt, and cache/: what the patterns exclude is not in the snapshot (the kept tree still has it)
            assertEquals(2, dry.media().getFirst().deleted());
            assertEquals(changed, tree(site.media), "a dry run changes nothing");

            SiteRestoreResult r = services.restores().restore(request(null, "media", List.of()).build(),
                    site.listener());
            assertEquals(snap, r.snapshotId());
            Map<String, String> restored = tree(site.media);
            restored.keySet().removeIf(k -> k.startsWith("cache/"));
            Map<String, String> expected = new TreeMap<>(original);
            expected.keySet().removeIf(k -> k.startsWith("cache/"));
            assertEquals(expected, restored, "the live tree is the snapshot's (cache/** was never backed up)");
            assertEquals(List.of(MediaSwap.sibling(site.media, "rollback", r.jobId())), r.kept());
            assertEquals(changed, tree(r.kept().getFirst()), "the replaced tree is kept");
            assertTrue(r.preRestoreSnapshot() != null);
            RestoreJob job = services.catalog().restoreJobs().get(r.jobId());
            assertEquals(RestoreJob.Status.COMPLETED, job.status());
            assertEquals(r.preRestoreSnapshot(), services.catalog().backups().get(job.preRestoreBackupId())
                    .snapshotId());

            SiteRestoreResult back = services.restores().rollback("blog", site.listener());
            assertEquals(changed, tree(site.media), "rollback puts the replaced tree back");
            assertEquals(List.of(MediaSwap.sibling(site.media, "undone", r.jobId())), back.kept());
            assertThrows(SiteException.class, () -> services.restores().rollback("blog", site.listener()));
        }
    }

    @Test
    void aFailedRestoreLeavesTheLiveSiteUnchanged() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL), site.listener());
            Files.writeString(site.media.resolve("index.html"), "<h1>changed</h1>\n");
            Map<String, String> live = tree(site.media);
            java.util.Set<String> dataPacks = new java.util.HashSet<>();
            try (var repo = services.locations().open("local", null)) {
                repo.forEachIndexedBlob(b -> {
                    if (b.type() == dev.cairn.repository.BlobType.DATA) {
                        dataPacks.add(b.pack().hex());
                    }
                });
            }
            for (String pack : dataPacks) {
                // the files' data is gone (the trees are not): restoring their content must fail
                Files.delete(tmp.resolve("repo-local/data").resolve(pack.substring(0, 2)).resolve(pack));
            }
            assertThrows(IOException.class, () -> services.restores().restore(request(null, "media", List.of())
                    .build(), site.listener()));
            assertEquals(live, tree(site.media));
            try (Stream<Path> siblings = Files.list(site.media.getParent())) {
                assertEquals(List.of(), siblings.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains(".cairn-")).toList(), "no staging left behind");
            }
            RestoreJob job = services.catalog().restoreJobs().list("blog", 1).getFirst();
            assertEquals(RestoreJob.Status.FAILED, job.status());
            assertFalse(Files.exists(RollbackState.file(tmp, "blog")));
        }
    }

    /**
     * A cancel (the job registry interrupts the job's thread) that arrives once media and database were restored
     * beside the live ones, just before the switch: the restore stops there, the live database and media are as
     * they were, nothing restored is left beside them, and the restore job is failed.
     */
    @Test
    void aCancelBeforeTheSwitchLeavesTheLiveSiteUnchanged() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL), site.listener());
            site.sqliteExec("INSERT INTO posts (title) VALUES ('live')");
            Files.writeString(site.media.resolve("index.html"), "<h1>live</h1>\n");
            Map<String, String> live = tree(site.media);
            JobListener cancelledOnceStaged = new JobListener(new dev.cairn.snapshots.Progress("test"), m -> {
                site.messages.add(m);
                if (m.contains("rows restored beside")) {
                    Thread.currentThread().interrupt(); // what JobRegistry.cancel does to the job's thread
                }
            });
            java.io.InterruptedIOException e;
            try {
                e = assertThrows(java.io.InterruptedIOException.class, () -> services.restores().restore(
                        request(null, null, List.of()).build(), cancelledOnceStaged));
            } finally {
                Thread.interrupted();
            }
            assertTrue(e.getMessage().contains("before the step 'switch'"), e.getMessage());
            assertEquals(4, site.sqliteCount(site.sqlite, "posts"), "the live database is unchanged");
            assertEquals(live, tree(site.media), "the live media are unchanged");
            try (Stream<Path> siblings = Files.list(site.media.getParent())) {
                assertEquals(List.of(), siblings.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains("cairn")).toList(), "no restored copy is left beside the live data");
            }
            assertEquals(RestoreJob.Status.FAILED, services.catalog().restoreJobs().list("blog", 1).getFirst()
                    .status());
            assertFalse(Files.exists(RollbackState.file(tmp, "blog")));
        }
    }

    @Test
    void aFailingBeforeHookAbortsAndTheDatabasePartIsRefusedWithoutAChange() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.extraSite = "    hooks:\n      before-restore: {command: 'echo maintenance; exit 3'}\n";
            try (SiteServices services = site.open()) {
                services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL), site.listener());
                Files.writeString(site.media.resolve("index.html"), "<h1>changed</h1>\n");
                Map<String, String> live = tree(site.media);
                IOException e = assertThrows(IOException.class, () -> services.restores().restore(
                        request(null, "media", List.of()).build(), site.listener()));
                assertTrue(e.getMessage().contains("before-restore hook"), e.getMessage());
                assertTrue(site.messages.contains("before-restore: maintenance"), site.messages.toString());
                assertEquals(live, tree(site.media));
                assertEquals(1, services.history().list("blog", 10).stream()
                        .filter(h -> h.kind().equals("backup")).count(), "no pre_restore snapshot was taken");
            }
            site.extraSite = "";
            try (SiteServices services = site.open()) {
                SiteException e = assertThrows(SiteException.class, () -> services.restores(
                        DatabaseRestore.UNAVAILABLE).restore(request(null, null, List.of()).build(), site.listener()));
                assertTrue(e.getMessage().contains("--only media"), e.getMessage());
                assertEquals(1, services.history().list("blog", 10).stream()
                        .filter(h -> h.kind().equals("backup")).count(), "refused before the pre_restore snapshot");
            }
        }
    }

    @Test
    void pathRestoreSandboxAndHttpHooks() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> calls = new CopyOnWriteArrayList<>();
        server.createContext("/hook", ex -> {
            calls.add(ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try (SiteFixture site = new SiteFixture(tmp)) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            site.extraSite = "    hooks:\n      before-restore: {url: '" + url + "'}\n      after-restore: {url: '"
                    + url + "', method: PUT}\n";
            try (SiteServices services = site.open()) {
                services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL), site.listener());
                Files.writeString(site.media.resolve("uploads/2026/a.txt"), "overwritten\n");
                Files.writeString(site.media.resolve("index.html"), "<h1>kept</h1>\n");

                Path sandbox = tmp.resolve("sandbox");
                SiteRestoreResult sb = services.restores().restore(request(null, "media", List.of()).sandbox(sandbox),
                        site.listener());
                assertEquals("first upload\n", Files.readString(sandbox.resolve("media/media/uploads/2026/a.txt")));
                assertEquals("overwritten\n", Files.readString(site.media.resolve("uploads/2026/a.txt")));
                assertEquals(3, sb.media().getFirst().files());
                assertEquals(List.of(), calls, "a sandbox restore runs no hooks");

                services.restores().restore(request(null, null, List.of("media/uploads")).build(), site.listener());
                assertEquals("first upload\n", Files.readString(site.media.resolve("uploads/2026/a.txt")));
                assertEquals("<h1>kept</h1>\n", Files.readString(site.media.resolve("index.html")),
                        "only --path was restored");
                assertEquals(2, calls.size());
                assertTrue(calls.get(0).startsWith("POST {\"site\":\"blog\""), calls.toString());
                assertTrue(calls.get(1).startsWith("PUT "), calls.toString());
                services.restores().rollback("blog", site.listener());
                assertEquals("overwritten\n", Files.readString(site.media.resolve("uploads/2026/a.txt")));
            }
        } finally {
            server.stop(0);
        }
    }

    /** Path → content of every regular file below {@code root}. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }

    private static Req request(String snapshot, String only, List<String> paths) {
        return new Req(snapshot, only, paths);
    }

    /** A small builder for requests. */
    record Req(String snapshot, String only, List<String> paths) {
        SiteRestoreRequest build() {
            return new SiteRestoreRequest("blog", snapshot, null, null, only, paths, List.of(), false, null, false,
                    "test");
        }

        SiteRestoreRequest dryRun() {
            return new SiteRestoreRequest("blog", snapshot, null, null, only, paths, List.of(), false, null, true,
                    "test");
        }

        SiteRestoreRequest sandbox(Path dir) {
            return new SiteRestoreRequest("blog", snapshot, null, null, only, paths, List.of(), true, dir, false,
                    "test");
        }
    }
}
