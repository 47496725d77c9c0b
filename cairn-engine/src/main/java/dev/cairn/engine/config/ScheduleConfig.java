package dev.cairn.engine.config;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.schedule.QuietWindow;
import dev.cairn.engine.schedule.Schedule;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.schedule.Timing;
import java.time.Duration;
import java.util.List;

/**
 * One schedule of a site (the product spec's {@code backup_schedules} row).
 *
 * @param preset the preset of a selective backup, else null
 * @param locations where the backups go (a subset of the site's locations; all of them when not given)
 * @param compression {@code auto}, {@code off} or {@code max}
 * @param catchUp whether a run missed while Cairn was down runs once at start-up
 * @param jitter the largest random delay added to each run (spreads many sites' backups)
 * @param quietWindow null, or the window in which the start waits for a quiet moment
 */
public record ScheduleConfig(String site, String name, Timing timing, BackupType type, String preset,
        List<String> locations, String compression, Retention retention, Notify notifications, boolean catchUp,
        Duration jitter, QuietWindow quietWindow, boolean enabled) {

    public ScheduleConfig {
        locations = List.copyOf(locations);
    }

    public ScheduleKey key() {
        return new ScheduleKey(site, name);
    }

    /** What the scheduler needs of this schedule. */
    public Schedule schedule() {
        return new Schedule(key(), timing, catchUp, jitter, quietWindow);
    }

    /**
     * What to keep after each successful run, applied to this schedule's snapshots per location; 0 = rule unused.
     *
     * @param keepWithinDays keep every snapshot younger than this many days ("age in days")
     */
    public record Retention(int keepLast, int keepWithinDays, int keepHourly, int keepDaily, int keepWeekly,
            int keepMonthly, int keepYearly) {

        public static final Retention NONE = new Retention(0, 0, 0, 0, 0, 0, 0);

        public boolean isEmpty() {
            return equals(NONE);
        }
    }

    /** Who hears about runs (used by the alerts feature). */
    public record Notify(boolean onSuccess, boolean onFailure, List<String> emails) {

        public static final Notify DEFAULT = new Notify(false, true, List.of());

        public Notify {
            emails = List.copyOf(emails);
        }
    }
}
