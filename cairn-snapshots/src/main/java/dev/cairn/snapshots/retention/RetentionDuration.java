package dev.cairn.snapshots.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * restic's calendar duration for {@code --keep-within*}: years, months, days and hours, written like
 * {@code 1y5m7d2h} (units in any order; a unit given twice keeps the last value, as restic).
 */
public record RetentionDuration(int years, int months, int days, int hours) {

    public static final RetentionDuration ZERO = new RetentionDuration(0, 0, 0, 0);

    /**
     * Parses restic's format. Numbers must be followed by one of {@code y m d h}.
     *
     * @throws IllegalArgumentException naming what is wrong, when {@code text} is not a duration
     */
    public static RetentionDuration parse(String text) {
        String s = text.strip();
        int[] parts = new int[4];
        int i = 0;
        while (i < s.length()) {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            int digits = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                throw new IllegalArgumentException("invalid duration '" + text + "': no number found at '"
                        + s.substring(start) + "' (expected e.g. 1y5m7d2h)");
            }
            int num = number(text, s.substring(start, i));
            if (i == s.length()) {
                throw new IllegalArgumentException("invalid duration '" + text + "': no unit after " + num
                        + " (use y, m, d or h)");
            }
            int unit = "ymdh".indexOf(s.charAt(i));
            if (unit < 0) {
                throw new IllegalArgumentException("invalid duration '" + text + "': unknown unit '" + s.charAt(i)
                        + "' after " + num + " (use y, m, d or h)");
            }
            parts[unit] = num;
            i++;
        }
        return new RetentionDuration(parts[0], parts[1], parts[2], parts[3]);
    }

    private static int number(String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid duration '" + text + "': " + digits + " is too large");
        }
    }

    public boolean isZero() {
        return years == 0 && months == 0 && days == 0 && hours == 0;
    }

    public boolean isNegative() {
        return years < 0 || months < 0 || days < 0 || hours < 0;
    }

    /**
     * The instant this duration before {@code latest}, computed as restic does:
     * {@code latest.AddDate(-y, -m, -d).Add(-h hours)}. The calendar part works on the wall clock of {@code zone}
     * (so "1d" across a DST change is 23 or 25 hours) and normalizes like Go ({@code Mar 31 - 1m} is Mar 3, not
     * Feb 28/29); the hours are exact.
     */
    public Instant before(Instant latest, ZoneId zone) {
        LocalDateTime wall = LocalDateTime.ofInstant(latest, zone);
        long month0 = (long) wall.getYear() * 12 + (wall.getMonthValue() - 1) - years * 12L - months;
        LocalDate firstOfMonth = LocalDate.of(Math.toIntExact(Math.floorDiv(month0, 12)),
                (int) Math.floorMod(month0, 12) + 1, 1);
        LocalDate date = firstOfMonth.plusDays(wall.getDayOfMonth() - 1L - days);
        Instant calendar = GoZones.instantOf(LocalDateTime.of(date, wall.toLocalTime()), zone);
        return calendar.minusSeconds(hours * 3600L);
    }

    /** restic's format: the non-zero parts in the order y, m, d, h ({@code ""} for zero). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (years != 0) s.append(years).append('y');
        if (months != 0) s.append(months).append('m');
        if (days != 0) s.append(days).append('d');
        if (hours != 0) s.append(hours).append('h');
        return s.toString();
    }

}
