package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.catalog.AuditLog;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.jobs.JobRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over real HTTP: auth and scopes, validation, 404/409, backups, restores, schedules, audit. */
class ServerApiTest {

    @TempDir
    Path dir;

    Fixture f;
    Api api;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(dir).start(Duration.ZERO);
        api = f.api;
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void healthNeedsNoTokenAndReportsTheAgeOfEachSitesLastBackup() throws Exception {
        Api.Reply before = api.get("/api/health", null);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().path("status").asText()).isEqualTo("ok");
        assertThat(before.json().path("sites").findValuesAsText("site")).containsExactly("blog", "shop");
        assertThat(before.json().path("sites").get(0).path("last_backup_at").isNull()).isTrue();
        Backup b = completedBackup("blog", "aaaa1111");
        JsonNode blog = api.get("/api/health", null).json().path("sites").get(0);
        assertThat(blog.path("last_backup_at").asText()).isEqualTo(b.completedAt().toString());
        assertThat(blog.path("last_backup_age_seconds").isIntegralNumber()).isTrue();
        assertThat(blog.path("last_backup_age_seconds").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void everyOtherEndpointNeedsAValidToken() throws Exception {
        Api.Reply none = api.get("/api/sites", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error()).contains("cairn token create");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Bearer"));
        assertThat(api.get("/api/sites", "cairn_not-a-token").status()).isEqualTo(401);
        assertThat(api.get("/api/openapi.json", null).status()).isEqualTo(401);
        Api.Reply sites = api.get("/api/sites", f.token(Scope.READ));
        assertThat(sites.status()).isEqualTo(200);
        assertThat(sites.json().findValuesAsText("name")).contains("blog", "shop");
        // A revoked token stops working at once.
        long id = f.catalog.apiTokens().list().stream().filter(t -> t.name().equals("ci-read")).findFirst()
                .orElseThrow().id();
        f.catalog.apiTokens().revoke(id);
        assertThat(api.get("/api/sites", f.token(Scope.READ)).status()).isEqualTo(401);
    }

    @Test
    void scopesAreEnforced() throws Exception {
        Api.Reply readOnly = api.post("/api/sites/blog/backups", f.token(Scope.READ), "{}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.error()).contains("'read'").contains("'backup'");
        Api.Reply restoreWithBackupScope = api.post("/api/sites/blog/restores", f.token(Scope.BACKUP),
                "{\"latest\": true}");
        assertThat(restoreWithBackupScope.status()).isEqualTo(403);
        Backup b = completedBackup("blog", "bbbb2222");
        assertThat(api.delete("/api/sites/blog/backups/" + b.id() + "?confirm=" + b.id(), f.token(Scope.RESTORE))
                .status()).isEqualTo(403);
        assertThat(api.post("/api/schedules/blog/nightly/disable", f.token(Scope.BACKUP), "").status())
                .isEqualTo(403);
        assertThat(f.site.requests).isEmpty();
        Api.Reply restore = api.post("/api/sites/blog/restores", f.token(Scope.RESTORE), "{\"latest\": true}");
        assertThat(restore.status()).isEqualTo(202);
        assertThat(restore.json().path("kind").asText()).isEqualTo("restore");
        f.site.entered("blog").await();
        assertThat(f.site.requests).singleElement().isInstanceOf(JobRequest.Restore.class);
    }

    @Test
    void unknownSitesAndBackupsAre404() throws Exception {
        Api.Reply r = api.post("/api/sites/nosuch/backups", f.token(Scope.BACKUP), "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).contains("unknown site 'nosuch'").contains("blog, shop");
        assertThat(api.get("/api/sites/nosuch/backups", f.token(Scope.READ)).status()).isEqualTo(404);
        assertThat(api.get("/api/sites/blog/backups/999", f.token(Scope.READ)).status()).isEqualTo(404);
        Backup other = completedBackup("shop", "cccc3333");
        assertThat(api.get("/api/sites/blog/backups/" + other.id(), f.token(Scope.READ)).status()).isEqualTo(404);
        assertThat(api.get("/api/jobs/424242", f.token(Scope.READ)).status()).isEqualTo(404);
        assertThat(api.get("/api/schedules/blog/weekly", f.token(Scope.READ)).status()).isEqualTo(404);
        Api.Reply noRoute = api.get("/api/nope", f.token(Scope.READ));
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.error()).isEqualTo("no endpoint GET /api/nope (see /api/openapi.json)");
        assertThat(f.site.requests).isEmpty();
    }

    @Test
    void badInputIs400WithAMessageNamingIt() throws Exception {
        String t = f.token(Scope.ADMIN);
        assertThat(api.post("/api/sites/blog/backups", t, "{\"type\": \"weekly\"}").error())
                .contains("unknown backup type 'weekly'");
        assertThat(api.post("/api/sites/blog/backups", t, "{\"trigger\": \"scheduled\"}").error())
                .contains("trigger must be manual, before_update or on_deployment");
        assertThat(api.post("/api/sites/blog/backups", t, "{\"typo\": 1}").error()).contains("unknown field 'typo'");
        assertThat(api.post("/api/sites/blog/backups", t, "{not json").error()).contains("not valid JSON");
        assertThat(api.post("/api/sites/shop/backups", t, "{\"type\": \"database\"}").error())
                .contains("has no database");
        assertThat(api.post("/api/sites/blog/backups", t, "{\"type\": \"selective\"}").error())
                .contains("needs a 'preset'");
        assertThat(api.post("/api/sites/blog/backups", t, "{\"type\": \"selective\", \"preset\": \"x\"}")
                .error()).contains("unknown preset 'x'");
        assertThat(api.get("/api/sites/blog/backups?limit=0", t).error()).contains("limit");
        assertThat(api.get("/api/sites/blog/backups?status=done", t).error()).contains("unknown status 'done'");
        assertThat(api.get("/api/sites/blog/backups/abc", t).error()).contains("id must be a positive");
        assertThat(api.post("/api/sites/blog/restores", t, "{}").error()).contains("exactly one of");
        assertThat(api.post("/api/sites/blog/restores", t, "{\"latest\": true, \"at\": \"yesterday\"}").error())
                .contains("ISO-8601");
        assertThat(api.post("/api/sites/blog/restores", t, "{\"latest\": true, \"only\": \"files\"}").error())
                .contains("only must be database or media");
        for (String body : List.of("{\"type\": \"weekly\"}", "{\"typo\": 1}")) {
            assertThat(api.post("/api/sites/blog/backups", t, body).status()).isEqualTo(400);
        }
        assertThat(f.site.requests).isEmpty();
    }

    @Test
    void aSecondJobForABusySiteIs409AndOtherSitesStillRun() throws Exception {
        Api.Reply first = api.post("/api/sites/blog/backups", f.token(Scope.BACKUP),
                "{\"type\": \"full\", \"trigger\": \"before_update\"}");
        assertThat(first.status()).isEqualTo(202);
        long id = first.json().path("id").asLong();
        assertThat(first.raw().headers().firstValue("Location")).hasValue("/api/jobs/" + id);
        f.site.entered("blog").await();
        Api.Reply second = api.post("/api/sites/blog/restores", f.token(Scope.RESTORE), "{\"latest\": true}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.error()).contains("already has job " + id);
        assertThat(api.post("/api/sites/shop/backups", f.token(Scope.BACKUP), "{}").status()).isEqualTo(202);
        JobRequest.Backup asked = (JobRequest.Backup) f.site.requests.get(0);
        assertThat(asked.type()).isEqualTo(BackupType.FULL);
        assertThat(asked.trigger()).isEqualTo(TriggerType.BEFORE_UPDATE);
        assertThat(asked.requestedBy()).isEqualTo("token:ci-backup#2");
        Api.Reply running = api.get("/api/jobs/" + id, f.token(Scope.READ));
        assertThat(running.json().path("status").asText()).isEqualTo("running");
        assertThat(running.json().path("progress").path("step").asText()).isEqualTo("uploading");
        assertThat(running.json().path("progress").path("current").asLong()).isEqualTo(250);
        assertThat(running.json().path("progress").path("total").asLong()).isEqualTo(1000);
        assertThat(api.get("/api/jobs", f.token(Scope.READ)).json()).hasSize(2);
    }

    @Test
    void cancelStopsAJobAndACancelledJobCannotBeCancelledAgain() throws Exception {
        long id = api.post("/api/sites/blog/backups", f.token(Scope.BACKUP), "{}").json().path("id").asLong();
        f.site.entered("blog").await();
        Api.Reply cancel = api.delete("/api/jobs/" + id, f.token(Scope.BACKUP));
        assertThat(cancel.status()).isEqualTo(202);
        JsonNode end = awaitEnd(id);
        assertThat(end.path("status").asText()).isEqualTo("cancelled");
        assertThat(f.site.interrupted).containsExactly("blog");
        assertThat(api.delete("/api/jobs/" + id, f.token(Scope.BACKUP)).status()).isEqualTo(409);
        // A restore's cancel needs the restore scope.
        long restore = api.post("/api/sites/shop/restores", f.token(Scope.RESTORE), "{\"latest\": true}").json()
                .path("id").asLong();
        assertThat(api.delete("/api/jobs/" + restore, f.token(Scope.BACKUP)).status()).isEqualTo(403);
        assertThat(api.delete("/api/jobs/" + restore, f.token(Scope.RESTORE)).status()).isEqualTo(202);
    }

    @Test
    void backupsAreListedWithFiltersAndPagingAndShownWithTheirManifest() throws Exception {
        List<Backup> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(completedBackup("blog", "dddd000" + i));
        }
        Backup failed = f.catalog.backups().create(newBackup("blog"));
        f.catalog.backups().fail(failed.id(), "disk full");
        String t = f.token(Scope.READ);
        JsonNode page1 = api.get("/api/sites/blog/backups?limit=2", t).json();
        assertThat(page1.path("items").findValuesAsText("id")).hasSize(2);
        assertThat(page1.path("next_offset").asInt()).isEqualTo(2);
        JsonNode page2 = api.get("/api/sites/blog/backups?limit=2&offset=2", t).json();
        assertThat(page2.path("items")).hasSize(2);
        assertThat(page2.path("next_offset").isNull()).isTrue();
        JsonNode completed = api.get("/api/sites/blog/backups?status=completed", t).json();
        assertThat(completed.path("items")).hasSize(3);
        assertThat(api.get("/api/sites/blog/backups?status=failed", t).json().path("items").get(0).path("error")
                .asText()).isEqualTo("disk full");
        JsonNode detail = api.get("/api/sites/blog/backups/" + made.get(1).id(), t).json();
        assertThat(detail.path("snapshot_id").asText()).isEqualTo("dddd0001");
        assertThat(detail.path("manifest").path("snapshot").asText()).isEqualTo("dddd0001");
        assertThat(detail.path("is_protected").asBoolean()).isFalse();
    }

    @Test
    void deleteNeedsConfirmationAndRefusesProtectedBackups() throws Exception {
        Backup b = completedBackup("blog", "eeee5555");
        String admin = f.token(Scope.ADMIN);
        String path = "/api/sites/blog/backups/" + b.id();
        Api.Reply unconfirmed = api.delete(path, admin);
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.error()).contains("?confirm=" + b.id());
        assertThat(api.post(path + "/protect", f.token(Scope.BACKUP), "").json().path("is_protected").asBoolean())
                .isTrue();
        assertThat(api.delete(path + "?confirm=" + b.id(), admin).status()).isEqualTo(409);
        assertThat(api.post(path + "/unprotect", f.token(Scope.BACKUP), "").status()).isEqualTo(403);
        assertThat(api.post(path + "/unprotect", admin, "").json().path("is_protected").asBoolean()).isFalse();
        assertThat(f.site.forgotten).isEmpty();
        assertThat(api.delete(path + "?confirm=" + b.id(), admin).status()).isEqualTo(204);
        assertThat(f.site.forgotten).containsExactly(b.id());
        assertThat(f.catalog.backups().find(b.id())).isEmpty();
        assertThat(api.get(path, admin).status()).isEqualTo(404);
    }

    @Test
    void mutatingCallsAreWrittenToTheAuditLogWithWhoWhatAndWhere() throws Exception {
        api.get("/api/sites", f.token(Scope.READ));
        api.post("/api/sites/blog/backups", null, "{}");
        api.post("/api/sites/blog/backups", f.token(Scope.READ), "{}");
        Api.Reply ok = api.post("/api/sites/blog/backups", f.token(Scope.BACKUP), "{}");
        List<AuditLog.Entry> entries = f.catalog.auditLog().recent(10).reversed();
        assertThat(entries).hasSize(3); // the GET is not a change
        assertThat(entries).extracting(AuditLog.Entry::actor).containsExactly("anonymous", "token:ci-read#1",
                "token:ci-backup#2");
        assertThat(entries).extracting(AuditLog.Entry::action).containsOnly("POST /api/sites/{site}/backups");
        assertThat(entries).extracting(AuditLog.Entry::remoteAddress).containsOnly("127.0.0.1");
        assertThat(entries.get(0).details()).contains("401");
        assertThat(entries.get(1).details()).contains("403");
        assertThat(entries.get(2).details()).contains("202");
        assertThat(entries.get(2).target()).isEqualTo("job " + ok.json().path("id").asLong()
                + " (backup of site blog)");
        assertThat(entries.get(2).at()).isNotNull();
    }

    @Test
    void schedulesAreListedDisabledEnabledAndRunNow() throws Exception {
        JsonNode list = api.get("/api/schedules", f.token(Scope.READ)).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("name").asText()).isEqualTo("nightly");
        assertThat(list.get(0).path("enabled").asBoolean()).isTrue();
        assertThat(list.get(0).path("next_run_at").asText()).endsWith("T02:00:00Z");
        JsonNode off = api.post("/api/schedules/blog/nightly/disable", f.token(Scope.ADMIN), "").json();
        assertThat(off.path("enabled").asBoolean()).isFalse();
        assertThat(off.path("next_run_at").isNull()).isTrue();
        JsonNode on = api.post("/api/schedules/blog/nightly/enable", f.token(Scope.ADMIN), "").json();
        assertThat(on.path("enabled").asBoolean()).isTrue();
        assertThat(on.path("next_run_at").isNull()).isFalse();
        Api.Reply run = api.post("/api/schedules/blog/nightly/run", f.token(Scope.BACKUP), "");
        assertThat(run.status()).isEqualTo(202);
        assertThat(run.json().path("trigger").asText()).isEqualTo("scheduled");
        f.site.entered("blog").await();
        JobRequest.Backup asked = (JobRequest.Backup) f.site.requests.get(0);
        assertThat(asked.schedule()).isEqualTo("nightly");
        assertThat(asked.type()).isEqualTo(BackupType.INCREMENTAL);
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        Api.Reply doc = api.get("/api/openapi.json", f.token(Scope.READ));
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().path("openapi").asText()).startsWith("3.");
        assertThat(f.server.routes()).hasSizeGreaterThan(15);
        for (String route : f.server.routes()) {
            String[] parts = route.split(" ", 2);
            assertThat(doc.json().path("paths").path(parts[1]).has(parts[0].toLowerCase(java.util.Locale.ROOT)))
                    .as("OpenAPI describes %s", route).isTrue();
        }
    }

    JsonNode awaitEnd(long id) throws Exception {
        JsonNode job = api.get("/api/jobs/" + id, f.token(Scope.READ)).json();
        while (!List.of("succeeded", "failed", "skipped", "cancelled").contains(job.path("status").asText())) {
            f.server.jobs().await(id, Duration.ofMinutes(1));
            job = api.get("/api/jobs/" + id, f.token(Scope.READ)).json();
        }
        return job;
    }

    Backup completedBackup(String site, String snapshot) {
        Backup b = f.catalog.backups().create(newBackup(site));
        f.catalog.backups().start(b.id());
        return f.catalog.backups().complete(b.id(), new Backup.Result(snapshot, 1000, 100, 3, null, null, null,
                null, null));
    }

    static Backup.New newBackup(String site) {
        return new Backup.New(site, null, "backup", BackupType.INCREMENTAL, TriggerType.MANUAL, "local",
                List.of("local"), "auto", List.of(), List.of(), "test");
    }
}
