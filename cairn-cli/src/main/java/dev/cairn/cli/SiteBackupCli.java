package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.site.JobListener;
import dev.cairn.engine.site.SiteBackupRequest;
import dev.cairn.engine.site.SiteBackupResult;
import dev.cairn.engine.site.SiteServices;
import dev.cairn.snapshots.Progress;
import java.util.List;

/** {@code cairn backup --site NAME}: a site backup through the engine, printed as text or JSON. */
final class SiteBackupCli {

    private SiteBackupCli() {
    }

    static int run(GlobalOptions global, CliEnvironment env, String site, String type, String trigger,
            String preset, boolean force) throws Exception {
        Output out = new Output(env, global);
        SiteBackupRequest request;
        try {
            BackupType t = BackupType.parse(type);
            TriggerType tr = TriggerType.parse(trigger);
            if (tr == TriggerType.SCHEDULED || tr == TriggerType.PRE_RESTORE) {
                throw new UserError("--trigger " + trigger + " is set by Cairn itself; use manual, before_update or "
                        + "on_deployment");
            }
            if (t == BackupType.SELECTIVE && preset == null) {
                throw new UserError("--type selective needs --preset NAME (one of the site's presets)");
            }
            if (t != BackupType.SELECTIVE && preset != null) {
                throw new UserError("--preset only goes with --type selective");
            }
            request = new SiteBackupRequest(site, t, tr, preset, List.of(), force, global.compression, null,
                    System.getProperty("user.name", "cli"));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Progress progress = new Progress("backup");
        try (SiteServices services = SiteAccess.open(global, env, out)) {
            SiteBackupResult r;
            try (ProgressDisplay display = ProgressDisplay.start(progress, env, out)) {
                r = services.backups().backup(request, listener(progress, out));
            }
            print(out, r);
            return switch (r.outcome()) {
                case COMPLETED -> r.incomplete() ? ExitCodes.INCOMPLETE : ExitCodes.OK;
                case SKIPPED -> ExitCodes.OK;
                case PARTIAL -> ExitCodes.PARTIAL;
                case FAILED -> ExitCodes.FAILURE;
            };
        }
    }

    /** Warnings and errors always reach stderr; the step-by-step lines only with --verbose. */
    static JobListener listener(Progress progress, Output out) {
        return new JobListener(progress, m -> {
            if (m.startsWith("warning:") || m.startsWith("error:")) {
                out.message(m);
            } else {
                out.verboseLine(m);
            }
        });
    }

    private static void print(Output out, SiteBackupResult r) {
        if (out.json()) {
            ObjectNode n = out.object().put("message_type", "site_backup").put("site", r.site())
                    .put("outcome", r.outcome().key()).put("message", r.message()).put("type", r.type().key())
                    .put("trigger", r.trigger().key()).put("snapshot_id", r.snapshotId()).put("parent", r.parentId())
                    .put("data_added", r.bytesAdded()).put("data_added_packed", r.bytesStored())
                    .put("total_files_processed", r.totalFiles()).put("total_bytes_processed", r.totalBytes())
                    .put("total_duration", r.duration().toMillis() / 1000.0).put("incomplete", r.incomplete());
            if (r.totalRecords() != null) {
                n.put("total_records", r.totalRecords());
            }
            var locations = n.putArray("locations");
            for (SiteBackupResult.LocationResult l : r.locations()) {
                locations.addObject().put("location", l.location()).put("backup_id", l.backupId())
                        .put("status", l.how()).put("snapshot_id", l.snapshotId())
                        .put("bytes_copied", l.bytesCopied()).put("error", l.error());
            }
            out.printJson(n);
            return;
        }
        if (r.outcome() == SiteBackupResult.Outcome.SKIPPED) {
            out.result("site " + r.site() + ": " + r.message() + " since the last backup; nothing written (--force "
                    + "backs up anyway)");
            return;
        }
        if (r.snapshotId() != null) {
            if (r.parentId() != null) {
                out.line("using parent snapshot " + r.parentId().substring(0, 8));
            }
            out.line("Added to the repository: " + Output.bytes(r.bytesAdded()) + " (" + Output.bytes(r.bytesStored())
                    + " stored)");
            out.line("processed " + r.totalFiles() + " files, " + Output.bytes(r.totalBytes())
                    + (r.totalRecords() == null ? "" : ", " + r.totalRecords() + " database rows") + " in "
                    + Output.duration(r.duration()));
        }
        for (SiteBackupResult.LocationResult l : r.locations()) {
            out.line(String.format("  %-16s %-8s %s", l.location(), l.how(), l.ok()
                    ? (l.snapshotId() == null ? "" : l.snapshotId().substring(0, 8))
                            + (l.bytesCopied() > 0 ? "  (" + Output.bytes(l.bytesCopied()) + " sent)" : "")
                    : l.error()));
        }
        String head = "site " + r.site() + ": " + r.type().key() + " backup (" + r.trigger().key() + ") ";
        switch (r.outcome()) {
            case COMPLETED -> out.result(head + "completed, snapshot " + r.snapshotId().substring(0, 8) + " saved");
            case PARTIAL -> out.message(head + "partial: snapshot " + r.snapshotId().substring(0, 8)
                    + " did not reach every location");
            default -> out.message(head + "failed: " + r.message());
        }
    }
}
