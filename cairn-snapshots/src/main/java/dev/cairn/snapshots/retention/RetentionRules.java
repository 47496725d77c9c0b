package dev.cairn.snapshots.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code --keep-*} rules of {@code forget}, with restic's meaning. A count of 0 and a zero duration mean "rule
 * not given". Build with {@link #builder()}.
 *
 * @param last keep the newest N snapshots
 * @param hourly keep the newest snapshot of each of the last N hours that have one (likewise daily, weekly = ISO
 *     week, monthly, yearly)
 * @param within keep every snapshot newer than this before the group's latest snapshot
 * @param withinHourly keep the newest snapshot of each hour within this duration of the latest (likewise daily,
 *     weekly, monthly, yearly)
 * @param keepTags keep every snapshot that has all tags of at least one list
 */
public record RetentionRules(
        int last, int hourly, int daily, int weekly, int monthly, int yearly,
        RetentionDuration within,
        RetentionDuration withinHourly, RetentionDuration withinDaily, RetentionDuration withinWeekly,
        RetentionDuration withinMonthly, RetentionDuration withinYearly,
        List<List<String>> keepTags) {

    public RetentionRules {
        for (RetentionDuration d : List.of(within, withinHourly, withinDaily, withinWeekly, withinMonthly,
                withinYearly)) {
            Objects.requireNonNull(d, "duration");
        }
        keepTags = Objects.requireNonNull(keepTags, "keepTags").stream().map(List::copyOf).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether no rule is given. restic then removes nothing: forget without rules is a no-op, not "remove all".
     * The {@code protected} tag is not a rule and does not make the rules non-empty.
     */
    public boolean isEmpty() {
        return last == 0 && hourly == 0 && daily == 0 && weekly == 0 && monthly == 0 && yearly == 0
                && within.isZero() && withinHourly.isZero() && withinDaily.isZero() && withinWeekly.isZero()
                && withinMonthly.isZero() && withinYearly.isZero() && keepTags.isEmpty();
    }

    /** The most snapshots the counted rules can keep per group (restic's {@code Sum}). */
    public int countedMaximum() {
        return last + hourly + daily + weekly + monthly + yearly;
    }

    /** A rule that makes no sense, e.g. a negative count, or {@code null} when the rules are usable. */
    public String problem() {
        int[] counts = {last, hourly, daily, weekly, monthly, yearly};
        String[] names = {"last", "hourly", "daily", "weekly", "monthly", "yearly"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                return "--keep-" + names[i] + " must not be negative, got " + counts[i];
            }
        }
        RetentionDuration[] ds = {within, withinHourly, withinDaily, withinWeekly, withinMonthly, withinYearly};
        String[] dn = {"", "-hourly", "-daily", "-weekly", "-monthly", "-yearly"};
        for (int i = 0; i < ds.length; i++) {
            if (ds[i].isNegative()) {
                return "--keep-within" + dn[i] + " must not be negative, got " + ds[i];
            }
        }
        return null;
    }

    /** restic's description, e.g. {@code keep 7 daily, 4 weekly snapshots and all snapshots within 3d of the newest}. */
    public String describe() {
        List<String> counted = new ArrayList<>();
        addCount(counted, last, "latest");
        addCount(counted, hourly, "hourly");
        addCount(counted, daily, "daily");
        addCount(counted, weekly, "weekly");
        addCount(counted, monthly, "monthly");
        addCount(counted, yearly, "yearly");
        List<String> withins = new ArrayList<>();
        addWithin(withins, withinHourly, "hourly");
        addWithin(withins, withinDaily, "daily");
        addWithin(withins, withinWeekly, "weekly");
        addWithin(withins, withinMonthly, "monthly");
        addWithin(withins, withinYearly, "yearly");
        String s = counted.isEmpty() ? "" : String.join(", ", counted) + " snapshots";
        if (!withins.isEmpty()) {
            s += (s.isEmpty() ? "" : ", ") + String.join(", ", withins);
        }
        if (!keepTags.isEmpty()) {
            s += (s.isEmpty() ? "" : " and ") + "all snapshots with tags ["
                    + String.join(" ", keepTags.stream().map(RetentionRules::tagList).toList()) + "]";
        }
        if (!within.isZero()) {
            s += (s.isEmpty() ? "" : " and ") + "all snapshots within " + within + " of the newest";
        }
        return "keep " + s;
    }

    /** A tag list as restic prints it: {@code [a, b]}. */
    static String tagList(List<String> tags) {
        return "[" + String.join(", ", tags) + "]";
    }

    private static void addCount(List<String> out, int n, String what) {
        if (n > 0) {
            out.add(n + " " + what);
        }
    }

    private static void addWithin(List<String> out, RetentionDuration d, String what) {
        if (!d.isZero()) {
            out.add(what + " snapshots within " + d);
        }
    }

    /** Collects rules; unset rules stay "not given". */
    public static final class Builder {
        private int last;
        private int hourly;
        private int daily;
        private int weekly;
        private int monthly;
        private int yearly;
        private RetentionDuration within = RetentionDuration.ZERO;
        private RetentionDuration withinHourly = RetentionDuration.ZERO;
        private RetentionDuration withinDaily = RetentionDuration.ZERO;
        private RetentionDuration withinWeekly = RetentionDuration.ZERO;
        private RetentionDuration withinMonthly = RetentionDuration.ZERO;
        private RetentionDuration withinYearly = RetentionDuration.ZERO;
        private final List<List<String>> keepTags = new ArrayList<>();

        private Builder() {
        }

        public Builder last(int n) { last = n; return this; }
        public Builder hourly(int n) { hourly = n; return this; }
        public Builder daily(int n) { daily = n; return this; }
        public Builder weekly(int n) { weekly = n; return this; }
        public Builder monthly(int n) { monthly = n; return this; }
        public Builder yearly(int n) { yearly = n; return this; }
        public Builder within(RetentionDuration d) { within = d; return this; }
        public Builder withinHourly(RetentionDuration d) { withinHourly = d; return this; }
        public Builder withinDaily(RetentionDuration d) { withinDaily = d; return this; }
        public Builder withinWeekly(RetentionDuration d) { withinWeekly = d; return this; }
        public Builder withinMonthly(RetentionDuration d) { withinMonthly = d; return this; }
        public Builder withinYearly(RetentionDuration d) { withinYearly = d; return this; }

        /** Adds a tag list: a snapshot with all of these tags is kept. */
        public Builder keepTags(List<String> tags) { keepTags.add(List.copyOf(tags)); return this; }

        public RetentionRules build() {
            return new RetentionRules(last, hourly, daily, weekly, monthly, yearly, within, withinHourly,
                    withinDaily, withinWeekly, withinMonthly, withinYearly, keepTags);
        }
    }
}
