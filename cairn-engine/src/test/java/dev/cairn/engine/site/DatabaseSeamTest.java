package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.catalog.RestoreJob;
import dev.cairn.engine.config.SiteConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a site restore drives the {@link DatabaseRestore} seam: prepared after the media are staged, switched after
 * the media swap, rolled back with them; a failing database switch undoes the media swap. The database restore
 * here records calls (the real one lives in the databases module).
 */
class DatabaseSeamTest {

    @TempDir
    Path tmp;

    /** Records what the site restore asks of the database part. */
    static final class Recording implements DatabaseRestore {
        final List<String> calls = new CopyOnWriteArrayList<>();
        boolean failSwap;

        @Override
        public Prepared prepare(Request r) {
            calls.add("prepare " + r.databaseDir() + " " + r.database().totalRows());
            return new Prepared() {
                boolean swapped;

                @Override
                public long records() {
                    return r.database().totalRows();
                }

                @Override
                public JsonNode swap() throws IOException {
                    if (failSwap) {
                        throw new IOException("switch refused");
                    }
                    swapped = true;
                    calls.add("swap");
                    return SiteContent.JSON.createObjectNode().put("old", "blog_old");
                }

                @Override
                public void close() {
                    calls.add(swapped ? "close" : "discard");
                }
            };
        }

        @Override
        public void rollback(SiteConfig site, JsonNode state) {
            calls.add("rollback " + state.path("old").asText());
        }
    }

    @Test
    void fullRestoreSwitchesTheDatabaseAfterTheMediaAndRollsBothBack() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL), site.listener());
            Files.writeString(site.media.resolve("index.html"), "changed\n");
            Recording db = new Recording();
            SiteRestoreResult r = services.restores(db).restore(request(), site.listener());
            assertEquals(3L, r.records());
            assertEquals("full", r.restoreType());
            assertEquals(List.of("prepare /site/blog/database/site 3", "swap", "close"), db.calls);
            assertEquals("<h1>site</h1>\n", Files.readString(site.media.resolve("index.html")));
            services.restores(db).rollback("blog", site.listener());
            assertEquals("rollback blog_old", db.calls.getLast());
            assertEquals("changed\n", Files.readString(site.media.resolve("index.html")));
        }
    }

    @Test
    void aFailingDatabaseSwitchUndoesTheMediaSwap() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL), site.listener());
            Files.writeString(site.media.resolve("index.html"), "changed\n");
            Map<String, String> live = SiteRestoreTest.tree(site.media);
            Recording db = new Recording();
            db.failSwap = true;
            assertThrows(IOException.class, () -> services.restores(db).restore(request(), site.listener()));
            assertEquals(live, SiteRestoreTest.tree(site.media));
            try (var siblings = Files.list(site.media.getParent())) {
                assertEquals(List.of(), siblings.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains(".cairn-")).toList(), "nothing left beside the live tree");
            }
            assertEquals(List.of("prepare /site/blog/database/site 3", "discard"), db.calls);
            assertEquals(RestoreJob.Status.FAILED, services.catalog().restoreJobs().list("blog", 1).getFirst()
                    .status());
        }
    }

    private static SiteRestoreRequest request() {
        return new SiteRestoreRequest("blog", null, null, null, null, List.of(), List.of(), false, null, false, "t");
    }
}
