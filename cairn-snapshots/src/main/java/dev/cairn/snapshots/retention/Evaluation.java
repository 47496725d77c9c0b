package dev.cairn.snapshots.retention;

import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** One pass over a group, newest first, with restic's bucket state (remaining count and last key per bucket). */
final class Evaluation {

    private static final Bucket[] BUCKETS = Bucket.values();
    private static final Bucket[] WITHIN_BUCKETS = {Bucket.HOURLY, Bucket.DAILY, Bucket.WEEKLY, Bucket.MONTHLY,
            Bucket.YEARLY};

    private final RetentionRules rules;
    private final ZoneId zone;
    private final int[] remaining;
    private final long[] lastKey;
    private final long[] lastWithinKey;
    private final Instant withinLimit;
    private final Instant[] withinLimits;
    private final RetentionDuration[] withinDurations;

    Evaluation(RetentionRules rules, ZoneId zone, ZonedDateTime latest) {
        this.rules = rules;
        this.zone = zone;
        this.remaining = new int[] {rules.last(), rules.hourly(), rules.daily(), rules.weekly(), rules.monthly(),
                rules.yearly()};
        // restic starts each bucket at -1, a key no snapshot has.
        this.lastKey = filled(BUCKETS.length);
        this.lastWithinKey = filled(WITHIN_BUCKETS.length);
        this.withinDurations = new RetentionDuration[] {rules.withinHourly(), rules.withinDaily(),
                rules.withinWeekly(), rules.withinMonthly(), rules.withinYearly()};
        this.withinLimit = limit(rules.within(), latest);
        this.withinLimits = new Instant[withinDurations.length];
        for (int i = 0; i < withinDurations.length; i++) {
            withinLimits[i] = limit(withinDurations[i], latest);
        }
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    private static Instant limit(RetentionDuration d, ZonedDateTime latest) {
        return d.isZero() ? null : d.before(latest.toInstant(), latest.getZone());
    }

    RetentionResult run(List<SnapshotRef> newestFirst) {
        List<KeptSnapshot> keep = new ArrayList<>();
        List<SnapshotRef> remove = new ArrayList<>();
        for (int nr = 0; nr < newestFirst.size(); nr++) {
            SnapshotRef cur = newestFirst.get(nr);
            List<String> reasons = reasons(cur.snapshot(), nr);
            if (reasons.isEmpty()) {
                remove.add(cur);
            } else {
                keep.add(new KeptSnapshot(cur, reasons, new KeepCounters(remaining[0], remaining[1], remaining[2],
                        remaining[3], remaining[4], remaining[5])));
            }
        }
        return new RetentionResult(keep, remove);
    }

    /** Every reason to keep {@code sn}, in restic's order; updates the bucket state as restic does. */
    private List<String> reasons(Snapshot sn, int nr) {
        List<String> reasons = new ArrayList<>();
        if (sn.hasTag(RetentionPolicy.PROTECTED_TAG)) {
            reasons.add("protected");
        }
        for (List<String> tags : rules.keepTags()) {
            if (hasTags(sn, tags)) {
                reasons.add("has tags " + RetentionRules.tagList(tags));
            }
        }
        if (withinLimit != null && sn.time().isAfter(withinLimit)) {
            reasons.add("within " + rules.within());
        }
        ZonedDateTime local = sn.time().atZone(zone);
        for (int i = 0; i < BUCKETS.length; i++) {
            if (remaining[i] > 0) {
                long key = BUCKETS[i].key(local, nr);
                if (key != lastKey[i]) {
                    lastKey[i] = key;
                    remaining[i]--;
                    reasons.add(BUCKETS[i].reason);
                }
            }
        }
        for (int i = 0; i < WITHIN_BUCKETS.length; i++) {
            if (withinLimits[i] != null && sn.time().isAfter(withinLimits[i])) {
                long key = WITHIN_BUCKETS[i].key(local, nr);
                if (key != lastWithinKey[i]) {
                    lastWithinKey[i] = key;
                    reasons.add(WITHIN_BUCKETS[i].withinReason + " " + withinDurations[i]);
                }
            }
        }
        return reasons;
    }

    // restic's Snapshot.HasTags: an empty tag matches an untagged snapshot and ends the check there.
    private static boolean hasTags(Snapshot sn, List<String> tags) {
        for (String tag : tags) {
            if (tag.isEmpty() && sn.tags().isEmpty()) {
                return true;
            }
            if (!sn.hasTag(tag)) {
                return false;
            }
        }
        return true;
    }
}
