package dev.cairn.snapshots.retention;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Go's {@code time.Date}: which instant a wall-clock time in a zone means, including in DST gaps and overlaps. */
final class GoZones {

    private GoZones() {
    }

    /**
     * Go looks up the offset in force at the wall-clock value read as UTC, then re-checks with the corrected
     * instant. Both steps reduce to: the offset in force at {@code wall - offset(wall as UTC)}. In gaps and overlaps
     * the result depends on the sign of the offset (a New York gap time moves back, a Berlin one forward; an
     * overlap resolves to daylight time in New York, to standard time in Berlin), which is why Java's
     * {@code ZonedDateTime} resolution cannot be used.
     */
    static Instant instantOf(LocalDateTime wall, ZoneId zone) {
        var rules = zone.getRules();
        long unix = wall.toEpochSecond(ZoneOffset.UTC);
        int first = rules.getOffset(Instant.ofEpochSecond(unix)).getTotalSeconds();
        int offset = first == 0 ? 0 : rules.getOffset(Instant.ofEpochSecond(unix - first)).getTotalSeconds();
        return Instant.ofEpochSecond(unix - offset, wall.getNano());
    }
}
