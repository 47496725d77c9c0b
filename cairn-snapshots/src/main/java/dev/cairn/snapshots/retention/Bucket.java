package dev.cairn.snapshots.retention;

import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** restic's bucket functions: snapshots with the same key share a bucket, and only the newest one counts. */
enum Bucket {
    LAST("last snapshot", null),
    HOURLY("hourly snapshot", "hourly within"),
    DAILY("daily snapshot", "daily within"),
    WEEKLY("weekly snapshot", "weekly within"),
    MONTHLY("monthly snapshot", "monthly within"),
    YEARLY("yearly snapshot", "yearly within");

    final String reason;
    final String withinReason;

    Bucket(String reason, String withinReason) {
        this.reason = reason;
        this.withinReason = withinReason;
    }

    /** The bucket key of a snapshot taken at local time {@code t}, being the {@code nr}-th newest of its group. */
    long key(ZonedDateTime t, int nr) {
        return switch (this) {
            case LAST -> nr;
            case HOURLY -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L
                    + t.getHour();
            case DAILY -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth();
            // ISO 8601 week, like Go's ISOWeek: the week-based year differs from the calendar year around New Year.
            case WEEKLY -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTHLY -> t.getYear() * 100L + t.getMonthValue();
            case YEARLY -> t.getYear();
        };
    }
}
