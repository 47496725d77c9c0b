package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.engine.jobs.JobRequest;
import dev.cairn.engine.jobs.JobView;
import dev.cairn.server.Access.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Backups and restores of a site: list, detail, create, delete, protect, verify, restore. */
final class BackupsApi {

    /** Triggers a caller may give; scheduled and pre_restore are the engine's own. */
    private static final List<TriggerType> CALLER_TRIGGERS = List.of(TriggerType.MANUAL, TriggerType.BEFORE_UPDATE,
            TriggerType.ON_DEPLOYMENT);

    private final Services s;

    BackupsApi(Services services) {
        this.s = services;
    }

    void register(RoutesConfig r) {
        r.get("/api/sites/{site}/backups", this::list, Role.READ);
        r.post("/api/sites/{site}/backups", this::create, Role.BACKUP);
        r.get("/api/sites/{site}/backups/{id}", this::detail, Role.READ);
        r.delete("/api/sites/{site}/backups/{id}", this::delete, Role.ADMIN);
        r.post("/api/sites/{site}/backups/{id}/protect", ctx -> protect(ctx, true), Role.BACKUP);
        r.post("/api/sites/{site}/backups/{id}/unprotect", ctx -> protect(ctx, false), Role.ADMIN);
        r.post("/api/sites/{site}/backups/{id}/verify", this::verify, Role.BACKUP);
        r.get("/api/sites/{site}/restores", this::restores, Role.READ);
        r.post("/api/sites/{site}/restores", this::restore, Role.RESTORE);
    }

    private void list(Context ctx) {
        SiteConfig site = Params.site(ctx, s.config());
        int limit = Params.queryInt(ctx, "limit", 50, 1, 1000);
        int offset = Params.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<BackupStatus> statuses = new ArrayList<>();
        String raw = ctx.queryParam("status");
        if (raw != null && !raw.isBlank()) {
            for (String part : raw.split(",")) {
                try {
                    statuses.add(BackupStatus.parse(part.trim()));
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("unknown status '" + part.trim() + "' (use pending, running, completed,"
                            + " failed, verifying, verified, corrupted, skipped)");
                }
            }
        }
        // One row more than asked tells whether there is a next page.
        List<Backup> rows = s.catalog().backups().list(site.name(), statuses, limit + 1, offset);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("items", Json.MAPPER.valueToTree(rows.subList(0, Math.min(limit, rows.size()))));
        out.put("limit", limit).put("offset", offset);
        out.put("next_offset", rows.size() > limit ? Integer.valueOf(offset + limit) : null);
        ctx.json(out);
    }

    private void create(Context ctx) {
        SiteConfig site = Params.site(ctx, s.config());
        JsonNode body = Json.body(ctx);
        Params.only(body, "type", "trigger", "preset", "force");
        BackupType type = BackupType.INCREMENTAL;
        String t = Params.text(body, "type");
        if (t != null) {
            try {
                type = BackupType.parse(t);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        TriggerType trigger = TriggerType.MANUAL;
        String tr = Params.text(body, "trigger");
        if (tr != null) {
            trigger = CALLER_TRIGGERS.stream().filter(x -> x.key().equals(tr)).findFirst().orElseThrow(() ->
                    ApiError.badRequest("trigger must be manual, before_update or on_deployment, got '" + tr + "'"));
        }
        if (type == BackupType.DATABASE && site.database() == null) {
            throw ApiError.badRequest("site '" + site.name() + "' has no database: a database backup is impossible");
        }
        String preset = Params.text(body, "preset");
        if (type == BackupType.SELECTIVE && preset == null) {
            throw ApiError.badRequest("a selective backup needs a 'preset' (site '" + site.name() + "' has: "
                    + (site.presets().isEmpty() ? "none" : String.join(", ", site.presets().keySet())) + ")");
        }
        if (preset != null && type != BackupType.SELECTIVE) {
            throw ApiError.badRequest("'preset' only applies to type selective");
        }
        if (preset != null && !site.presets().containsKey(preset)) {
            throw ApiError.badRequest("unknown preset '" + preset + "' (site '" + site.name() + "' has: "
                    + (site.presets().isEmpty() ? "none" : String.join(", ", site.presets().keySet())) + ")");
        }
        JobView job = s.jobs().submit(new JobRequest.Backup(site.name(), type, trigger, preset, null,
                Params.bool(body, "force"), Access.actor(ctx)));
        accepted(ctx, job);
    }

    private void detail(Context ctx) {
        Backup b = backup(ctx);
        ObjectNode out = Json.MAPPER.valueToTree(b);
        out.set("metadata", Json.tree(b.metadata()));
        Optional<String> manifest = Optional.empty();
        if (b.snapshotId() != null) {
            try {
                manifest = s.operations().manifest(b);
            } catch (Exception e) {
                out.put("manifest_error", "cannot read the manifest from location " + b.location() + ": "
                        + e.getMessage());
            }
        }
        out.set("manifest", manifest.map(Json::tree).orElse(null));
        ctx.json(out);
    }

    private void delete(Context ctx) throws Exception {
        Backup b = backup(ctx);
        String confirm = ctx.queryParam("confirm");
        if (confirm == null || !confirm.equals(String.valueOf(b.id()))) {
            throw ApiError.badRequest("deleting backup " + b.id() + " removes its snapshot from location "
                    + b.location() + "; repeat the call with ?confirm=" + b.id() + " to confirm");
        }
        if (b.isProtected()) {
            throw ApiError.conflict("backup " + b.id() + " is protected; unprotect it first");
        }
        if (b.status() == BackupStatus.PENDING || b.status() == BackupStatus.RUNNING
                || b.status() == BackupStatus.VERIFYING) {
            throw ApiError.conflict("backup " + b.id() + " is " + b.status().key() + "; wait until it ends");
        }
        if (b.snapshotId() != null) {
            s.operations().forget(b);
        }
        s.catalog().backups().delete(b.id());
        ctx.attribute(Audit.TARGET, "backup " + b.id() + " of site " + b.site());
        ctx.attribute(Audit.DETAIL, "deleted snapshot " + b.snapshotId());
        ctx.status(204);
    }

    private void protect(Context ctx, boolean value) {
        Backup b = backup(ctx);
        ctx.attribute(Audit.TARGET, "backup " + b.id() + " of site " + b.site());
        ctx.json(s.catalog().backups().setProtected(b.id(), value));
    }

    private void verify(Context ctx) {
        Backup b = backup(ctx);
        JsonNode body = Json.body(ctx);
        Params.only(body, "read_data_percent");
        Integer percent = Params.integer(body, "read_data_percent");
        if (b.snapshotId() == null) {
            throw ApiError.conflict("backup " + b.id() + " is " + b.status().key() + " and has no snapshot to verify");
        }
        JobRequest.Verify request;
        try {
            request = new JobRequest.Verify(b.site(), b.id(), percent == null ? 0 : percent, Access.actor(ctx));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        accepted(ctx, s.jobs().submit(request));
    }

    private void restores(Context ctx) {
        SiteConfig site = Params.site(ctx, s.config());
        ctx.json(s.catalog().restoreJobs().list(site.name(), Params.queryInt(ctx, "limit", 50, 1, 1000)));
    }

    private void restore(Context ctx) {
        SiteConfig site = Params.site(ctx, s.config());
        JsonNode body = Json.body(ctx);
        Params.only(body, "snapshot", "backup_id", "latest", "at", "only", "tables", "paths", "sandbox", "dry_run");
        String snapshot = Params.text(body, "snapshot");
        Integer backupId = Params.integer(body, "backup_id");
        if (backupId != null) {
            if (snapshot != null) {
                throw ApiError.badRequest("give snapshot or backup_id, not both");
            }
            Backup b = s.catalog().backups().find(backupId).filter(x -> x.site().equals(site.name()))
                    .orElseThrow(() -> ApiError.notFound("site '" + site.name() + "' has no backup " + backupId));
            if (b.snapshotId() == null) {
                throw ApiError.conflict("backup " + b.id() + " is " + b.status().key() + " and has no snapshot");
            }
            snapshot = b.snapshotId();
        }
        Instant at = null;
        String atText = Params.text(body, "at");
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("at must be an ISO-8601 instant such as 2024-05-01T10:00:00Z, got '"
                        + atText + "'");
            }
        }
        JobRequest.Restore request;
        try {
            request = new JobRequest.Restore(site.name(), snapshot, Params.bool(body, "latest"), at,
                    Params.text(body, "only"), Params.strings(body, "tables"), Params.strings(body, "paths"),
                    Params.bool(body, "sandbox"), Params.bool(body, "dry_run"), Access.actor(ctx));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        accepted(ctx, s.jobs().submit(request));
    }

    private Backup backup(Context ctx) {
        SiteConfig site = Params.site(ctx, s.config());
        long id = Params.id(ctx, "id");
        return s.catalog().backups().find(id).filter(b -> b.site().equals(site.name()))
                .orElseThrow(() -> ApiError.notFound("site '" + site.name() + "' has no backup " + id));
    }

    /** 202 with the job and where to follow it. */
    static void accepted(Context ctx, JobView job) {
        ctx.attribute(Audit.TARGET, "job " + job.id() + " (" + job.kind().key() + " of site " + job.site() + ")");
        ctx.header("Location", "/api/jobs/" + job.id());
        ctx.status(202).json(job);
    }
}
