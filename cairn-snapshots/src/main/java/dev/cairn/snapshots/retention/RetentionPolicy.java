package dev.cairn.snapshots.retention;

import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.select.SnapshotGroup;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The retention decision of {@code forget}: a pure function of the snapshots, the rules, the time zone and the
 * current instant, with the semantics of restic 0.14's {@code ApplyPolicy} — plus one rule of Cairn's own:
 * snapshots tagged {@value #PROTECTED_TAG} are always kept (as if {@code --keep-tag protected} were given, so they
 * also fill the counted buckets they fall into, exactly like a restic keep-tag).
 *
 * <p>Calendar buckets (hour, day, ISO week, month, year) are taken on the wall clock of {@code zone}. restic uses
 * the UTC offset each snapshot was written with; the two agree whenever the snapshots were written in
 * {@code zone}.
 *
 * @param rules the {@code --keep-*} rules
 * @param zone the zone whose local hours, days, weeks, months and years form the buckets
 */
public record RetentionPolicy(RetentionRules rules, ZoneId zone) {

    /** Snapshots with this tag are never removed by any rule. */
    public static final String PROTECTED_TAG = "protected";

    public RetentionPolicy {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(zone, "zone");
    }

    /**
     * Splits the snapshots into groups and applies the rules to each group separately. Groups come in the order
     * of their first snapshot in {@code snapshots}.
     */
    public List<GroupResult> apply(List<SnapshotRef> snapshots, GroupBy groupBy, Instant now) {
        Map<SnapshotGroup, List<SnapshotRef>> groups =
                SnapshotSelector.group(snapshots, groupBy.host(), groupBy.paths(), groupBy.tags());
        List<GroupResult> out = new ArrayList<>();
        groups.forEach((key, members) -> out.add(new GroupResult(key, apply(members, now))));
        return out;
    }

    /**
     * Applies the rules to one group. Snapshots are considered newest first; equal times keep their order in
     * {@code group} (restic's stable sort).
     *
     * @param now snapshots later than this are in the future and do not count as the group's latest snapshot
     */
    public RetentionResult apply(List<SnapshotRef> group, Instant now) {
        List<SnapshotRef> list = new ArrayList<>(group);
        list.sort(Comparator.comparing((SnapshotRef r) -> r.snapshot().time()).reversed());
        if (rules.isEmpty()) {
            return new RetentionResult(
                    list.stream().map(r -> new KeptSnapshot(r, List.of("policy is empty"), KeepCounters.NONE))
                            .toList(), List.of());
        }
        return new Evaluation(rules, zone, latest(list, now)).run(list);
    }

    /** restic's {@code findLatestTimestamp}: the newest time that is not in the future, else Go's zero time. */
    private ZonedDateTime latest(List<SnapshotRef> list, Instant now) {
        Instant latest = null;
        for (SnapshotRef r : list) {
            Instant t = r.snapshot().time();
            if (t.isBefore(now) && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return latest == null ? ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC) : latest.atZone(zone);
    }
}
