package dev.cairn.engine.config;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.config.ScheduleConfig.Notify;
import dev.cairn.engine.config.ScheduleConfig.Retention;
import dev.cairn.engine.schedule.CronSpec;
import dev.cairn.engine.schedule.QuietWindow;
import dev.cairn.engine.schedule.ScheduleSpec;
import dev.cairn.engine.schedule.Timing;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads one schedule of a site; every field is checked against the frequency it belongs to. */
final class ScheduleBinder {

    private final Problems problems;
    private final String site;
    private final List<String> siteLocations;
    private final Set<String> presets;

    ScheduleBinder(Problems problems, String site, List<String> siteLocations, Set<String> presets) {
        this.problems = problems;
        this.site = site;
        this.siteLocations = siteLocations;
        this.presets = presets;
    }

    ScheduleConfig bind(String name, YamlNode node, String path) {
        Fields f = Fields.of(node, path, problems, "frequency", "cron", "hour", "minute", "day-of-week",
                "day-of-month", "time-zone", "type", "preset", "locations", "compression", "retention", "notify",
                "catch-up", "jitter", "quiet-window", "enabled");
        ScheduleSpec spec = spec(f);
        ZoneId zone = zone(f);
        BackupType type = type(f);
        String preset = f.string("preset");
        if (type == BackupType.SELECTIVE && preset == null) {
            f.problem("type", "a selective schedule needs a 'preset' (one of the site's presets: "
                    + ConfigBinder.defined(presets) + ")");
        } else if (preset != null && type != BackupType.SELECTIVE) {
            f.problem("preset", "a preset only applies to 'type: selective'");
        } else if (preset != null && !presets.contains(preset)) {
            f.problem("preset", "unknown preset '" + preset + "' (defined: " + ConfigBinder.defined(presets) + ")");
        }
        List<String> locations = f.strings("locations");
        for (String l : locations) {
            if (!siteLocations.contains(l)) {
                f.problem("locations", "location '" + l + "' is not one of site " + site + "'s locations ("
                        + ConfigBinder.defined(Set.copyOf(siteLocations)) + ")");
            }
        }
        String compression = f.string("compression");
        if (compression != null && !List.of("auto", "off", "max").contains(compression)) {
            f.problem("compression", "must be auto, off or max, got '" + compression + "'");
        }
        Retention retention = retention(f.map("retention", "keep-last", "keep-within-days", "keep-hourly",
                "keep-daily", "keep-weekly", "keep-monthly", "keep-yearly"));
        Notify notify = notify(f.map("notify", "on-success", "on-failure", "emails"));
        boolean catchUp = f.bool("catch-up", true);
        Duration jitter = duration(f, "jitter");
        QuietWindow quiet = quietWindow(f.map("quiet-window", "from", "to", "sample-every"), f.has("quiet-window"));
        boolean enabled = f.bool("enabled", true);
        f.finish();
        if (spec == null || zone == null || type == null) {
            return null;
        }
        return new ScheduleConfig(site, name, new Timing(spec, zone), type, preset,
                locations.isEmpty() ? siteLocations : locations, compression == null ? "auto" : compression,
                retention, notify, catchUp, jitter == null ? Duration.ZERO : jitter, quiet, enabled);
    }

    private ScheduleSpec spec(Fields f) {
        String frequency = f.string("frequency");
        String cron = f.string("cron");
        if (cron != null) {
            if (frequency != null) {
                f.problem("cron", "give either 'frequency' or 'cron', not both");
            }
            for (String k : List.of("hour", "minute", "day-of-week", "day-of-month")) {
                if (f.has(k)) {
                    f.node(k);
                    f.problem(k, "does not apply to a cron schedule (the expression says when)");
                }
            }
            try {
                return CronSpec.parse(cron);
            } catch (IllegalArgumentException e) {
                f.problem("cron", e.getMessage());
                return null;
            }
        }
        if (frequency == null) {
            f.problemHere("missing 'frequency' (hourly, daily, weekly, monthly) or 'cron'");
            return null;
        }
        List<String> allowed = switch (frequency) {
            case "hourly" -> List.of("minute");
            case "daily" -> List.of("hour", "minute");
            case "weekly" -> List.of("day-of-week", "hour", "minute");
            case "monthly" -> List.of("day-of-month", "hour", "minute");
            default -> null;
        };
        if (allowed == null) {
            f.problem("frequency", "must be hourly, daily, weekly or monthly (or use 'cron'), got '" + frequency
                    + "'");
            return null;
        }
        for (String k : List.of("hour", "minute", "day-of-week", "day-of-month")) {
            if (f.has(k) && !allowed.contains(k)) {
                f.node(k);
                f.problem(k, "does not apply to a " + frequency + " schedule (it uses: " + String.join(", ", allowed)
                        + ")");
            }
        }
        Integer minute = f.integer("minute", 0, 59);
        int m = minute == null ? 0 : minute;
        Integer hour = allowed.contains("hour") ? f.integer("hour", 0, 23) : null;
        int h = hour == null ? 0 : hour;
        return switch (frequency) {
            case "hourly" -> new ScheduleSpec.Hourly(m);
            case "daily" -> new ScheduleSpec.Daily(h, m);
            case "weekly" -> {
                Set<DayOfWeek> days = days(f);
                yield days.isEmpty() ? null : new ScheduleSpec.Weekly(days, h, m);
            }
            default -> {
                if (!f.has("day-of-month")) {
                    f.problemHere("a monthly schedule needs 'day-of-month' (1-31; 29-31 run on the last day of "
                            + "shorter months)");
                    yield null;
                }
                Integer day = f.integer("day-of-month", 1, 31);
                yield day == null ? null : new ScheduleSpec.Monthly(day, h, m);
            }
        };
    }

    private Set<DayOfWeek> days(Fields f) {
        if (!f.has("day-of-week")) {
            f.problemHere("a weekly schedule needs 'day-of-week' (e.g. sunday, or [monday, thursday])");
            return Set.of();
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : f.strings("day-of-week")) {
            DayOfWeek day = day(d.strip().toLowerCase(Locale.ROOT));
            if (day == null) {
                f.problem("day-of-week", "unknown day '" + d + "': use monday … sunday (or mon … sun)");
            } else {
                days.add(day);
            }
        }
        return days;
    }

    private static DayOfWeek day(String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (full.equals(text) || full.substring(0, 3).equals(text)) {
                return d;
            }
        }
        return null;
    }

    private ZoneId zone(Fields f) {
        String text = f.string("time-zone");
        if (text == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            f.problem("time-zone", "unknown time zone '" + text + "': use a tz database name such as "
                    + "Europe/Berlin, America/New_York or UTC");
            return null;
        }
    }

    private BackupType type(Fields f) {
        String text = f.string("type");
        if (text == null) {
            return BackupType.INCREMENTAL;
        }
        try {
            return BackupType.parse(text.strip());
        } catch (IllegalArgumentException e) {
            f.problem("type", e.getMessage());
            return null;
        }
    }

    private Retention retention(Fields f) {
        int[] v = new int[7];
        String[] keys = {"keep-last", "keep-within-days", "keep-hourly", "keep-daily", "keep-weekly",
            "keep-monthly", "keep-yearly"};
        for (int i = 0; i < keys.length; i++) {
            Integer n = f.integer(keys[i], 1, 100_000);
            v[i] = n == null ? 0 : n;
        }
        f.finish();
        return new Retention(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    private Notify notify(Fields f) {
        boolean onSuccess = f.bool("on-success", Notify.DEFAULT.onSuccess());
        boolean onFailure = f.bool("on-failure", Notify.DEFAULT.onFailure());
        List<String> emails = f.strings("emails");
        for (String e : emails) {
            if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                f.problem("emails", "'" + e + "' is not an e-mail address");
            }
        }
        f.finish();
        return new Notify(onSuccess, onFailure, emails);
    }

    private QuietWindow quietWindow(Fields f, boolean given) {
        LocalTime from = time(f, "from", given);
        LocalTime to = time(f, "to", given);
        Duration every = duration(f, "sample-every");
        f.finish();
        if (from == null || to == null) {
            return null;
        }
        if (from.equals(to)) {
            f.problem("to", "the quiet window must not be empty (from equals to)");
            return null;
        }
        return new QuietWindow(from, to, every == null || every.isZero() ? Duration.ofMinutes(5) : every);
    }

    private static LocalTime time(Fields f, String key, boolean required) {
        String text = f.string(key);
        if (text == null) {
            if (required) {
                f.problemHere("missing '" + key + "' (a time like 01:00)");
            }
            return null;
        }
        try {
            return LocalTime.parse(text.strip().length() == 4 ? "0" + text.strip() : text.strip());
        } catch (DateTimeParseException e) {
            f.problem(key, "expected a time like 01:00, got '" + text + "'");
            return null;
        }
    }

    /** Durations like {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2h}, {@code 7d}. */
    static Duration duration(Fields f, String key) {
        String text = f.string(key);
        if (text == null) {
            return null;
        }
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            f.problem(key, "expected a duration like 30s, 10m, 1h30m or 7d, got '" + text + "'");
            return null;
        }
    }

    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)d)?((?:\\d+h)?(?:\\d+m)?(?:\\d+s)?)")
                .matcher(t);
        if (!m.matches() || t.isEmpty()) {
            throw new IllegalArgumentException(text);
        }
        Duration days = m.group(1) == null ? Duration.ZERO : Duration.ofDays(Long.parseLong(m.group(1)));
        return m.group(2).isEmpty() ? days : days.plus(Duration.parse("PT" + m.group(2).toUpperCase(Locale.ROOT)));
    }
}
