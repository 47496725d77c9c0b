package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.snapshots.select.SnapshotRefWithPath;
import dev.cairn.snapshots.select.SnapshotSelector;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.sources.db.restore.DatabaseRestore;
import dev.cairn.sources.db.restore.PreRestore;
import dev.cairn.sources.db.restore.RestoreReport;
import dev.cairn.sources.db.restore.RestoreRequest;
import dev.cairn.sources.db.restore.SnapshotDump;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code cairn restore SNAPSHOT --db-target URL}: a database restore through {@link DatabaseRestore}. */
final class DatabaseRestoreRun {

    private final CommandBase command;
    private final DatabaseRestoreOptions db;

    DatabaseRestoreRun(CommandBase command, DatabaseRestoreOptions db) {
        this.command = command;
        this.db = db;
    }

    static DatabaseEnvironment environment(CommandBase command, DatabaseConnectionOptions connection, Output out) {
        DatabaseOptions o = new DatabaseOptions();
        o.passwordFile = connection.passwordFile;
        o.toolDir = connection.toolDir;
        return o.environment(command.env(), out::verboseLine, w -> out.message("warning: " + w));
    }

    static DatabaseUrl url(String text, CliEnvironment env) {
        try {
            return DatabaseUrl.parse(text, env.env());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    int run(SnapshotArgs filter, String snapshot, boolean dryRun) throws Exception {
        Output out = command.output();
        if (db.sandbox() && !db.sandboxDir.isEmpty()) {
            throw new UserError("--sandbox DIR goes with --site; with --db-target Cairn names the scratch database");
        }
        if (db.keep && !db.sandbox()) {
            throw new UserError("--keep applies to --sandbox");
        }
        if (db.sandbox() && dryRun) {
            throw new UserError("--sandbox and --dry-run cannot be combined: a sandbox changes nothing live already");
        }
        if (db.jobs < 1 || db.connection.connectionTimeout < 0) {
            throw new UserError("--db-jobs must be at least 1 and --connection-timeout not negative");
        }
        DatabaseUrl target = url(db.target, command.env());
        DatabaseEnvironment env = environment(command, db.connection, out);
        SnapshotRefWithPath ref = SnapshotArgs.parseWithPath(snapshot);
        if (!ref.isWholeSnapshot()) {
            throw new UserError("--db-target restores a snapshot's database: give the snapshot without :PATH");
        }
        // connect to the target's server while the repository opens; closed here if the restore never starts
        DatabaseRestore restore = new DatabaseRestore(env);
        try (DatabaseRestore.Target opened = restore.openAhead(target);
                Repository repo = command.access().open();
                RepositoryLock lock = command.global().noLock ? null : repo.lock(false)) {
            SnapshotRef s = filter.resolve(new SnapshotSelector(repo.listSnapshots()), ref);
            SnapshotDump source = new SnapshotDump(repo, s.snapshot(), SnapshotLayout.standalone(), "snapshot "
                    + s.id().shortHex());
            RestoreRequest.Mode mode = dryRun ? RestoreRequest.Mode.DRY_RUN
                    : db.sandbox() ? RestoreRequest.Mode.SANDBOX
                    : RestoreRequest.Mode.LIVE;
            RestoreRequest request;
            try {
                request = RestoreRequest.of(source, target).withDatabase(db.database).withMode(mode)
                        .withTables(db.tables).withKeepSandbox(db.keep).withJobs(db.jobs)
                        .withConnections(Duration.ofSeconds(db.connection.connectionTimeout), db.connection.terminateConnections)
                        .withPreRestore(db.noPreRestore ? null : preRestore(repo, env, s));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            out.line((dryRun ? "would restore" : "restoring") + " database from snapshot " + s.id().shortHex()
                    + " into " + target + (db.sandbox() ? " (sandbox)" : ""));
            RestoreReport r = restore.restore(request, opened);
            report(out, r, target);
        }
        return ExitCodes.OK;
    }

    private PreRestore preRestore(Repository repo, DatabaseEnvironment env, SnapshotRef restored) {
        return PreRestore.backup(() -> new Archiver(repo, BackupOptions.defaults()
                .withTags(List.of("type:database", "trigger:pre_restore"))
                .withProgramVersion("cairn " + new CairnVersion().number()), new Progress("pre_restore"),
                Warnings.IGNORE), SnapshotLayout.standalone(), env, "cairn " + new CairnVersion().number());
    }

    static void report(Output out, RestoreReport r, DatabaseUrl target) {
        if (out.json()) {
            ObjectNode n = out.object();
            n.put("message_type", "summary");
            n.put("mode", r.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            n.put("engine", r.engine());
            n.put("database", r.database());
            n.put("target", target.toString());
            n.put("restored_into", r.restoredInto());
            if (r.previousState() != null) {
                n.put("previous_state", r.previousState());
            }
            if (r.preRestoreSnapshot() != null) {
                n.put("pre_restore_snapshot", r.preRestoreSnapshot());
            }
            n.put("sandbox_kept", r.sandboxKept());
            n.put("seconds_elapsed", r.elapsed().toMillis() / 1000.0);
            ArrayNode changes = n.putArray("changes");
            for (RestoreReport.Change c : r.changes()) {
                ObjectNode o = changes.addObject();
                o.put("action", c.action().name().toLowerCase(Locale.ROOT));
                o.put("kind", c.kind());
                o.put("name", c.name());
                if (c.rowsNow() != null) {
                    o.put("rows_now", c.rowsNow());
                }
                if (c.rowsAfter() != null) {
                    o.put("rows_after", c.rowsAfter());
                }
            }
            ArrayNode checks = n.putArray("verified");
            for (RestoreReport.TableCheck c : r.checks()) {
                checks.addObject().put("table", c.table()).put("expected", c.expected()).put("actual", c.actual());
            }
            out.printJson(n);
            return;
        }
        boolean dry = r.mode() == RestoreRequest.Mode.DRY_RUN;
        for (RestoreReport.Change c : r.changes()) {
            String verb = switch (c.action()) {
                case CREATE -> dry ? "would create" : "created";
                case REPLACE -> dry ? "would replace" : "replaced";
                case DROP -> dry ? "would drop" : "dropped";
                case KEEP_AS_PREVIOUS -> dry ? "would keep as previous state" : "kept as previous state";
            };
            String rows = c.kind().equals("table") ? (c.rowsNow() == null ? "" : " (" + c.rowsNow() + " rows now")
                    + (c.rowsAfter() == null ? (c.rowsNow() == null ? "" : ")")
                            : (c.rowsNow() == null ? " (" : ", ") + c.rowsAfter() + " rows after)") : "";
            out.line("  " + verb + " " + c.kind() + " " + c.name() + rows);
        }
        if (!r.checks().isEmpty()) {
            out.line("verified " + r.checks().size() + " tables, " + r.checks().stream()
                    .mapToLong(RestoreReport.TableCheck::actual).sum() + " rows: row counts match the manifest");
        }
        if (r.preRestoreSnapshot() != null) {
            out.line("pre_restore snapshot " + r.preRestoreSnapshot().substring(0, 8) + " saved");
        }
        switch (r.mode()) {
            case DRY_RUN -> out.result("dry run: nothing changed");
            case SANDBOX -> out.result(r.sandboxKept() ? "sandbox " + r.restoredInto() + " kept"
                    : "sandbox " + r.restoredInto() + " verified and dropped");
            case LIVE -> out.result("restored database " + r.database() + " into " + r.restoredInto()
                    + (r.previousState() != null ? "; previous state kept as " + r.previousState()
                            + " (cairn rollback --db-target " + target + " switches back)" : "")
                    + " in " + Output.duration(r.elapsed()));
        }
    }
}
