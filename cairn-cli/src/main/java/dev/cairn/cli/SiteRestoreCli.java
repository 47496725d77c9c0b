package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.site.SiteRestoreRequest;
import dev.cairn.engine.site.SiteRestoreResult;
import dev.cairn.engine.site.SiteServices;
import dev.cairn.snapshots.Progress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code cairn restore --site} and {@code cairn rollback --site}: site restores through the engine. */
final class SiteRestoreCli {

    private final GlobalOptions global;
    private final CliEnvironment env;

    SiteRestoreCli(GlobalOptions global, CliEnvironment env) {
        this.global = global;
        this.env = env;
    }

    int restore(String site, String snapshot, boolean latest, String at, String only, List<String> paths,
            List<String> tables, String sandbox, boolean dryRun, String location) throws Exception {
        int choices = (snapshot != null ? 1 : 0) + (latest ? 1 : 0) + (at != null ? 1 : 0);
        if (choices != 1) {
            throw new UserError("restore --site needs exactly one of SNAPSHOT, --latest or --at TIME");
        }
        if ("latest".equals(snapshot)) {
            snapshot = null;
        }
        Output out = new Output(env, global);
        SiteRestoreRequest request;
        try {
            request = new SiteRestoreRequest(site, snapshot, at == null ? null : parseTime(at), location, only, paths,
                    tables, sandbox != null, sandbox == null || sandbox.isEmpty() ? null
                            : Path.of(sandbox).toAbsolutePath().normalize(), dryRun,
                    System.getProperty("user.name", "cli"));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Progress progress = new Progress("restore");
        try (SiteServices services = SiteAccess.open(global, env, out)) {
            SiteRestoreResult r;
            try (ProgressDisplay display = ProgressDisplay.start(progress, env, out)) {
                r = services.restores().restore(request, SiteBackupCli.listener(progress, out));
            }
            print(out, r);
            return ExitCodes.OK;
        }
    }

    int rollback(String site) throws Exception {
        Output out = new Output(env, global);
        try (SiteServices services = SiteAccess.open(global, env, out)) {
            SiteRestoreResult r = services.restores().rollback(site, SiteBackupCli.listener(new Progress("rollback"),
                    out));
            print(out, r);
            return ExitCodes.OK;
        }
    }

    private static Instant parseTime(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.strip(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        .atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UserError("--at must look like 2026-01-31T14:05:00Z or '2026-01-31 14:05:00', got '" + s
                        + "'");
            }
        }
    }

    private static void print(Output out, SiteRestoreResult r) {
        if (out.json()) {
            ObjectNode n = out.object().put("message_type", "site_restore").put("site", r.site())
                    .put("job_id", r.jobId()).put("snapshot_id", r.snapshotId()).put("restore_type", r.restoreType())
                    .put("sandbox", r.sandbox()).put("dry_run", r.dryRun())
                    .put("pre_restore_snapshot", r.preRestoreSnapshot())
                    .put("seconds_elapsed", r.duration().toMillis() / 1000.0);
            if (r.records() != null) {
                n.put("records", r.records());
            }
            var media = n.putArray("media");
            for (SiteRestoreResult.Media m : r.media()) {
                ObjectNode mn = media.addObject().put("tree", m.tree()).put("path", m.path())
                        .put("target", m.target().toString()).put("files", m.files()).put("bytes", m.bytes());
                if (r.dryRun()) {
                    mn.put("create", m.created()).put("overwrite", m.overwritten()).put("delete", m.deleted());
                }
            }
            var kept = n.putArray("kept");
            r.kept().forEach(p -> kept.add(p.toString()));
            r.notes().forEach(n.putArray("notes")::add);
            out.printJson(n);
            return;
        }
        String what = r.dryRun() ? "would restore"
                : r.sandbox() ? "sandbox restore of" : "restored";
        for (SiteRestoreResult.Media m : r.media()) {
            String unit = m.tree() + (m.path().isEmpty() ? "" : "/" + m.path());
            out.line(r.dryRun() ? String.format("  media %-24s %d to create, %d to overwrite, %d to delete in %s",
                    unit, m.created(), m.overwritten(), m.deleted(), m.target())
                    : String.format("  media %-24s %d files, %s -> %s", unit, m.files(), Output.bytes(m.bytes()),
                            m.target()));
        }
        if (r.records() != null) {
            out.line("  database: " + r.records() + " rows");
        }
        if (r.preRestoreSnapshot() != null) {
            out.line("  pre-restore snapshot " + r.preRestoreSnapshot().substring(0, 8) + " (the site as it was)");
        }
        r.kept().forEach(p -> out.line("  kept " + p));
        r.notes().forEach(out::line);
        if (r.restoreType().equals("rollback")) {
            out.result("site " + r.site() + ": rolled back; the live data is again as in pre-restore snapshot "
                    + r.snapshotId().substring(0, 8) + " (rollback job " + r.jobId() + ")");
            return;
        }
        out.result("site " + r.site() + ": " + what + " snapshot " + r.snapshotId().substring(0, 8)
                + (r.jobId() > 0 ? " (restore job " + r.jobId() + ")" : "")
                + (r.dryRun() || r.sandbox() || r.restoreType().equals("rollback") ? ""
                        : "; undo with 'cairn rollback --site " + r.site() + "'"));
    }
}
