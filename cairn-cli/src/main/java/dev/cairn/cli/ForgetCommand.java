package dev.cairn.cli;

import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.prune.PruneOptions;
import dev.cairn.snapshots.prune.PruneResult;
import dev.cairn.snapshots.prune.Pruner;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.retention.GroupBy;
import dev.cairn.snapshots.retention.GroupResult;
import dev.cairn.snapshots.retention.RetentionDuration;
import dev.cairn.snapshots.retention.RetentionPolicy;
import dev.cairn.snapshots.retention.RetentionRules;
import dev.cairn.snapshots.select.SnapshotFilter;
import dev.cairn.snapshots.select.SnapshotSelectionException;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn forget}: removes snapshots by retention rules (restic's semantics) or by ID. */
@Command(name = "forget", sortOptions = false, description = {
        "Remove snapshots according to retention rules, or the snapshots named.",
        "Snapshots are grouped (--group-by, default host,paths) and the --keep-* rules apply to each group.",
        "Snapshots tagged 'protected' are never removed. Only snapshot files are removed; their data stays until "
                + "prune."})
final class ForgetCommand extends CommandBase {

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Remove exactly these snapshots "
            + "(IDs, prefixes or latest) instead of applying rules.")
    List<String> snapshots = new ArrayList<>();

    @Option(names = {"-l", "--keep-last"}, paramLabel = "N", description = "Keep the last N snapshots.")
    int last;
    @Option(names = {"-H", "--keep-hourly"}, paramLabel = "N", description = "Keep the last N hourly snapshots.")
    int hourly;
    @Option(names = {"-d", "--keep-daily"}, paramLabel = "N", description = "Keep the last N daily snapshots.")
    int daily;
    @Option(names = {"-w", "--keep-weekly"}, paramLabel = "N", description = "Keep the last N weekly snapshots.")
    int weekly;
    @Option(names = {"-m", "--keep-monthly"}, paramLabel = "N", description = "Keep the last N monthly snapshots.")
    int monthly;
    @Option(names = {"-y", "--keep-yearly"}, paramLabel = "N", description = "Keep the last N yearly snapshots.")
    int yearly;
    @Option(names = "--keep-within", paramLabel = "DURATION", description = "Keep snapshots newer than DURATION "
            + "(e.g. 1y5m7d2h) before the latest snapshot.")
    String within;
    @Option(names = "--keep-within-hourly", paramLabel = "DURATION", description = "Keep hourly snapshots within "
            + "DURATION of the latest.")
    String withinHourly;
    @Option(names = "--keep-within-daily", paramLabel = "DURATION", description = "Keep daily snapshots within "
            + "DURATION of the latest.")
    String withinDaily;
    @Option(names = "--keep-within-weekly", paramLabel = "DURATION", description = "Keep weekly snapshots within "
            + "DURATION of the latest.")
    String withinWeekly;
    @Option(names = "--keep-within-monthly", paramLabel = "DURATION", description = "Keep monthly snapshots "
            + "within DURATION of the latest.")
    String withinMonthly;
    @Option(names = "--keep-within-yearly", paramLabel = "DURATION", description = "Keep yearly snapshots within "
            + "DURATION of the latest.")
    String withinYearly;
    @Option(names = "--keep-tag", paramLabel = "TAG[,TAG]", description = "Keep snapshots with all these tags "
            + "(repeatable: any of the lists).")
    List<String> keepTags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", description = "Only consider snapshots of this host "
            + "(repeatable).")
    List<String> hosts = new ArrayList<>();
    @Option(names = "--tag", paramLabel = "TAG[,TAG]", description = "Only consider snapshots with all these tags "
            + "(repeatable: any of the lists).")
    List<String> tags = new ArrayList<>();
    @Option(names = "--path", paramLabel = "PATH", description = "Only consider snapshots with this path "
            + "(repeatable).")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-g", "--group-by"}, paramLabel = "GROUP", defaultValue = "host,paths",
            description = "Group by host, paths and/or tags, comma-separated; '' for one group (default: "
                    + "${DEFAULT-VALUE}).")
    String groupBy;
    @Option(names = "--time-zone", paramLabel = "ZONE", description = "Zone whose local hours, days, weeks, months "
            + "and years are the buckets, e.g. Europe/Berlin (default: the system zone).")
    String timeZone;
    @Option(names = {"-n", "--dry-run"}, description = "Only show what would be removed.")
    boolean dryRun;
    @Option(names = "--prune", description = "Run prune afterwards when snapshots were removed.")
    boolean prune;

    @Override
    public Integer call() throws Exception {
        RetentionRules rules = rules();
        GroupBy grouping = grouping();
        ZoneId zone = zone();
        if (global().noLock && !dryRun) {
            throw new UserError("--no-lock is only allowed together with --dry-run for forget");
        }
        Output out = output();
        ForgetReport report = new ForgetReport(out, zone);
        try (Repository repo = access().openLocking(true);
                RepositoryLock lock = global().noLock ? null : repo.lock(true)) {
            SnapshotSelector selector = new SnapshotSelector(repo.listSnapshots());
            SnapshotFilter filter = SnapshotFilter.ofFlags(hosts, tags, paths);
            List<SnapshotRef> toRemove;
            if (!snapshots.isEmpty()) {
                toRemove = named(selector, filter);
                report.named(toRemove);
            } else if (rules.isEmpty()) {
                out.message("no policy was specified, no snapshots will be removed");
                report.groups(List.of());
                toRemove = List.of();
            } else {
                out.line("Applying Policy: " + rules.describe());
                List<GroupResult> groups = new RetentionPolicy(rules, zone)
                        .apply(selector.filter(filter), grouping, env().clock().instant());
                report.groups(groups);
                toRemove = groups.stream().flatMap(g -> g.result().remove().stream()).toList();
            }
            remove(repo, toRemove, report);
            if (prune && !toRemove.isEmpty()) {
                if (dryRun) {
                    out.line("would run prune now");
                } else {
                    // Still under the exclusive lock: nothing can add data between forget and prune.
                    Progress progress = new Progress("prune");
                    PruneResult result;
                    try (ProgressDisplay display = ProgressDisplay.start(progress, env(), out)) {
                        result = new Pruner(repo).prune(PruneOptions.defaults()
                                .withPackSize(access().repositoryOptions().packSize()), progress);
                    }
                    PruneCommand.report(out, result);
                }
            }
        }
        return ExitCodes.OK;
    }

    private void remove(Repository repo, List<SnapshotRef> toRemove, ForgetReport report) throws IOException {
        // The policy never removes protected snapshots; this guard keeps it so whatever changes above.
        for (SnapshotRef ref : toRemove) {
            if (ref.snapshot().hasTag(RetentionPolicy.PROTECTED_TAG)) {
                throw new IllegalStateException("refusing to remove protected snapshot " + ref.id().hex());
            }
        }
        if (dryRun) {
            report.wouldRemove(toRemove);
            return;
        }
        for (SnapshotRef ref : toRemove) {
            repo.removeSnapshot(ref.id());
            report.removed(ref);
        }
        report.removedAll(toRemove.size());
    }

    /** Explicitly named snapshots: all must resolve and none may be protected, or nothing is removed. */
    private List<SnapshotRef> named(SnapshotSelector selector, SnapshotFilter filter) {
        if (!filter.isEmpty() && !snapshots.contains(SnapshotSelector.LATEST)) {
            output().message("warning: --host, --tag and --path are ignored when snapshot IDs are given");
        }
        List<SnapshotRef> refs;
        try {
            refs = selector.select(snapshots, filter);
        } catch (SnapshotSelectionException e) {
            throw new UserError(e.getMessage() + "; nothing was removed");
        }
        Set<String> isProtected = new LinkedHashSet<>();
        refs.stream().filter(r -> r.snapshot().hasTag(RetentionPolicy.PROTECTED_TAG))
                .forEach(r -> isProtected.add(r.id().shortHex()));
        if (!isProtected.isEmpty()) {
            throw new UserError("snapshot " + String.join(", ", isProtected) + " is tagged 'protected' and is never "
                    + "removed; remove the tag first (restic tag --remove protected ID); nothing was removed");
        }
        return refs;
    }

    private RetentionRules rules() {
        RetentionRules.Builder b = RetentionRules.builder().last(last).hourly(hourly).daily(daily).weekly(weekly)
                .monthly(monthly).yearly(yearly)
                .within(duration("--keep-within", within))
                .withinHourly(duration("--keep-within-hourly", withinHourly))
                .withinDaily(duration("--keep-within-daily", withinDaily))
                .withinWeekly(duration("--keep-within-weekly", withinWeekly))
                .withinMonthly(duration("--keep-within-monthly", withinMonthly))
                .withinYearly(duration("--keep-within-yearly", withinYearly));
        // --keep-tag values split like --tag: "a,b" means both tags, repeating the flag means any of the lists.
        SnapshotFilter.ofFlags(List.of(), keepTags, List.of()).tagLists().forEach(b::keepTags);
        RetentionRules r = b.build();
        if (r.problem() != null) {
            throw new UserError(r.problem());
        }
        return r;
    }

    private static RetentionDuration duration(String option, String value) {
        if (value == null) {
            return RetentionDuration.ZERO;
        }
        try {
            return RetentionDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }

    private GroupBy grouping() {
        try {
            return GroupBy.parse(groupBy);
        } catch (IllegalArgumentException e) {
            throw new UserError("--group-by: " + e.getMessage());
        }
    }

    private ZoneId zone() {
        if (timeZone == null) {
            return env().clock().getZone();
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new UserError("--time-zone: unknown zone '" + timeZone + "' (use a region like Europe/Berlin, "
                    + "or UTC, or an offset like +02:00)");
        }
    }
}
