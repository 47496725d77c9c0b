package dev.cairn.repository.codec;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Go time quirks restic relies on. */
final class GoTimes {

    /** Go's zero {@code time.Time}: what a missing time decodes to, and what Go writes back for it. */
    static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private GoTimes() {
    }

    /**
     * restic's {@code FixTime}: a year below 0 or above 9999 is moved to 0 or 9999, keeping the rest, so that the
     * time can be marshalled. Go's {@code AddDate} normalizes Feb 29 of a non-leap year to Mar 1, and so does
     * this.
     */
    static Instant fixYear(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        int year = d.getYear();
        if (year >= 0 && year <= 9999) {
            return t;
        }
        int target = year < 0 ? 0 : 9999;
        LocalDateTime fixed = LocalDateTime.of(target, d.getMonthValue(), 1, d.getHour(), d.getMinute(),
                d.getSecond(), d.getNano()).plusDays(d.getDayOfMonth() - 1L);
        return fixed.toInstant(ZoneOffset.UTC);
    }
}
