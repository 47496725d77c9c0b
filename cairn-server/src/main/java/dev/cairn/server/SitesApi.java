package dev.cairn.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.server.Access.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sites, their history, health and the OpenAPI document. */
final class SitesApi {

    /** The statuses of a backup that holds a usable snapshot. */
    static final List<BackupStatus> GOOD = List.of(BackupStatus.COMPLETED, BackupStatus.VERIFYING,
            BackupStatus.VERIFIED);

    private final Services s;
    private final byte[] openApi;

    SitesApi(Services services) {
        this.s = services;
        try (InputStream in = SitesApi.class.getResourceAsStream("openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json missing from the cairn-server jar", e);
        }
    }

    void register(RoutesConfig r) {
        r.get("/api/health", this::health, Role.PUBLIC);
        r.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi), Role.READ);
        r.get("/api/sites", ctx -> {
            ArrayNode out = Json.MAPPER.createArrayNode();
            s.config().sites().values().forEach(site -> out.add(site(site)));
            ctx.json(out);
        }, Role.READ);
        r.get("/api/sites/{site}", ctx -> ctx.json(site(Params.site(ctx, s.config()))), Role.READ);
        r.get("/api/sites/{site}/history", this::history, Role.READ);
    }

    private ObjectNode site(SiteConfig site) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("name", site.name());
        n.put("database", site.database() == null ? null : site.database().url());
        ArrayNode media = n.putArray("media");
        site.media().forEach(m -> media.addObject().put("name", m.name()).put("path", m.path().toString()));
        ArrayNode locations = n.putArray("locations");
        site.locations().forEach(l -> locations.addObject().put("name", l)
                .put("url", s.config().locations().get(l).url()));
        ArrayNode schedules = n.putArray("schedules");
        site.schedules().stream().map(ScheduleConfig::name).forEach(schedules::add);
        n.set("last_backup", Json.MAPPER.valueToTree(lastGood(site.name()).orElse(null)));
        return n;
    }

    private Optional<Backup> lastGood(String site) {
        return s.catalog().backups().latest(site, GOOD);
    }

    private void history(Context ctx) {
        SiteConfig site = Params.site(ctx, s.config());
        int limit = Params.queryInt(ctx, "limit", 50, 1, 1000);
        ObjectNode out = Json.MAPPER.createObjectNode().put("site", site.name());
        out.set("backups", Json.MAPPER.valueToTree(s.catalog().backups().list(site.name(), List.of(), limit, 0)));
        out.set("restores", Json.MAPPER.valueToTree(s.catalog().restoreJobs().list(site.name(), limit)));
        out.set("jobs", Json.MAPPER.valueToTree(s.catalog().jobRuns().recent(site.name(), limit)));
        ctx.json(out);
    }

    /** Liveness (the server answers and its catalog too) and how old each site's newest good backup is. */
    private void health(Context ctx) {
        Instant now = s.clock().instant();
        ObjectNode out = Json.MAPPER.createObjectNode().put("status", "ok").put("time", now.toString());
        out.put("jobs_active", s.jobs().active().size());
        ArrayNode sites = out.putArray("sites");
        for (String name : s.config().sites().keySet()) {
            ObjectNode n = sites.addObject().put("site", name);
            Optional<Backup> last = lastGood(name);
            Instant at = last.map(b -> b.completedAt() != null ? b.completedAt() : b.createdAt()).orElse(null);
            n.put("last_backup_at", at == null ? null : at.toString());
            n.put("last_backup_age_seconds", at == null ? null : Duration.between(at, now).toSeconds());
        }
        ctx.json(out);
    }
}
