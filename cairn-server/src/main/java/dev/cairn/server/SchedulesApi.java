package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.ScheduleStore;
import dev.cairn.engine.config.ConfigProblem;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.config.ScheduleDefinitions;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.engine.jobs.JobRequest;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.schedule.Scheduler;
import dev.cairn.server.Access.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Schedules: cairn.yaml's (settings from the file; the API may only enable, disable and run them) and those
 * created through the API (stored in the catalog with their definition in cairn.yaml's schedule keys, checked by
 * the same rules). Listing shows settings, catalog state and the scheduler's next planned run.
 */
final class SchedulesApi {

    private final Services s;

    SchedulesApi(Services services) {
        this.s = services;
    }

    void register(RoutesConfig r) {
        r.get("/api/schedules", this::list, Role.READ);
        r.post("/api/schedules", this::create, Role.ADMIN);
        r.get("/api/schedules/{site}/{name}", ctx -> ctx.json(view(schedule(ctx), planned())), Role.READ);
        r.put("/api/schedules/{site}/{name}", this::replace, Role.ADMIN);
        r.delete("/api/schedules/{site}/{name}", this::delete, Role.ADMIN);
        r.post("/api/schedules/{site}/{name}/enable", ctx -> setActive(ctx, true), Role.ADMIN);
        r.post("/api/schedules/{site}/{name}/disable", ctx -> setActive(ctx, false), Role.ADMIN);
        r.post("/api/schedules/{site}/{name}/run", this::runNow, Role.BACKUP);
    }

    private void list(Context ctx) {
        String site = ctx.queryParam("site");
        if (site != null && s.config().site(site).isEmpty()) {
            throw ApiError.notFound("unknown site '" + site + "'");
        }
        Map<ScheduleKey, Scheduler.Planned> planned = planned();
        ArrayNode out = Json.MAPPER.createArrayNode();
        s.schedules().schedules().stream().filter(sc -> site == null || sc.site().equals(site))
                .forEach(sc -> out.add(view(sc, planned)));
        ctx.json(out);
    }

    /** {@code {"site": "blog", "name": "hourly", "frequency": "hourly", "minute": 15, …}}: cairn.yaml's keys. */
    private void create(Context ctx) {
        ObjectNode body = (ObjectNode) Json.body(ctx);
        String site = Params.text(body, "site");
        String name = Params.text(body, "name");
        if (site == null || name == null) {
            throw ApiError.badRequest("fields 'site' and 'name' are required");
        }
        if (s.config().site(site).isEmpty()) {
            throw ApiError.notFound("unknown site '" + site + "'");
        }
        ScheduleKey key = new ScheduleKey(site, name);
        if (s.schedules().schedule(key).isPresent()) {
            throw ApiError.conflict("schedule " + key + " exists; change it with PUT /api/schedules/" + key);
        }
        body.remove("site");
        body.remove("name");
        save(ctx, key, body);
        ctx.status(201);
    }

    private void replace(Context ctx) {
        ScheduleConfig existing = schedule(ctx);
        requireApi(existing.key());
        save(ctx, existing.key(), (ObjectNode) Json.body(ctx));
    }

    private void delete(Context ctx) {
        ScheduleConfig existing = schedule(ctx);
        requireApi(existing.key());
        ctx.attribute(Audit.TARGET, "schedule " + existing.key());
        s.schedules().deleteFromApi(existing.key());
        ctx.status(204);
    }

    private void save(Context ctx, ScheduleKey key, ObjectNode definition) {
        String text = Json.write(definition);
        ScheduleDefinitions.Result r = ScheduleDefinitions.parse(s.config(), key.site(), key.name(), text, "api");
        if (r.schedule() == null) {
            throw ApiError.badRequest("invalid schedule: " + r.problems().stream().map(SchedulesApi::describe)
                    .collect(Collectors.joining("; ")));
        }
        ctx.attribute(Audit.TARGET, "schedule " + key);
        if (!s.schedules().saveFromApi(r.schedule(), text, r.schedule().enabled())) {
            throw ApiError.conflict("schedule " + key + " is defined in cairn.yaml; change it there");
        }
        ctx.json(view(r.schedule(), planned()));
    }

    private void requireApi(ScheduleKey key) {
        if (s.catalog().schedules().find(key).filter(ScheduleStore.ScheduleRow::fromApi).isEmpty()) {
            throw ApiError.conflict("schedule " + key + " is defined in cairn.yaml; change or remove it there "
                    + "(the API may enable, disable and run it)");
        }
    }

    private void setActive(Context ctx, boolean active) {
        ScheduleConfig sc = schedule(ctx);
        ctx.attribute(Audit.TARGET, "schedule " + sc.key());
        s.schedules().setActive(sc.key(), active).orElseThrow(() -> ApiError.notFound("no schedule " + sc.key()));
        ctx.json(view(sc, planned()));
    }

    private void runNow(Context ctx) {
        ScheduleConfig sc = schedule(ctx);
        BackupsApi.accepted(ctx, s.jobs().submit(new JobRequest.Backup(sc.site(), sc.type(), TriggerType.SCHEDULED,
                sc.preset(), sc.name(), false, Access.actor(ctx))));
    }

    private ScheduleConfig schedule(Context ctx) {
        SiteConfig site = Params.site(ctx, s.config());
        String name = ctx.pathParam("name");
        return s.schedules().schedule(new ScheduleKey(site.name(), name))
                .orElseThrow(() -> ApiError.notFound("site '" + site.name() + "' has no schedule '" + name + "'"));
    }

    private Map<ScheduleKey, Scheduler.Planned> planned() {
        return s.schedules().planned().stream().collect(Collectors.toMap(Scheduler.Planned::key,
                Function.identity(), (a, b) -> a));
    }

    private ObjectNode view(ScheduleConfig sc, Map<ScheduleKey, Scheduler.Planned> planned) {
        ScheduleStore.ScheduleRow row = s.catalog().schedules().find(sc.key()).orElse(null);
        ObjectNode n = Json.MAPPER.createObjectNode().put("site", sc.site()).put("name", sc.name())
                .put("origin", row != null && row.fromApi() ? "api" : "config")
                .put("description", sc.timing().spec().describe()).put("frequency", sc.timing().spec().frequency())
                .put("time_zone", sc.timing().zone().getId()).put("type", sc.type().key())
                .put("catch_up", sc.catchUp()).put("configured_enabled", sc.enabled());
        ArrayNode locations = n.putArray("locations");
        sc.locations().forEach(locations::add);
        if (row != null && row.fromApi()) {
            n.set("definition", Json.tree(row.definition()));
        }
        n.put("enabled", row == null ? sc.enabled() : row.active());
        n.put("last_run_at", row == null || row.lastRunAt() == null ? null : row.lastRunAt().toString());
        n.put("last_status", row == null ? null : row.lastStatus());
        Scheduler.Planned p = planned.get(sc.key());
        n.put("next_run_at", p == null ? null : p.due().toString());
        return n;
    }

    /** For messages: a problem as {@code field: message}. */
    static String describe(ConfigProblem p) {
        return (p.field().isEmpty() ? "" : p.field() + ": ") + p.message();
    }
}
