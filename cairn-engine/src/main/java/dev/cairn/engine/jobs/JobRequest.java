package dev.cairn.engine.jobs;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a job is asked to do; validated when built, so a request that exists can be run. */
public sealed interface JobRequest {

    String site();

    JobKind kind();

    /** Who asked (e.g. {@code token:deploy#3}, {@code scheduler}); recorded as the backup's or restore's creator. */
    String requestedBy();

    /** Why, for the catalog's {@code job_runs.trigger_type}. */
    String triggerKey();

    /**
     * A backup of the site.
     *
     * @param preset the site's preset of a selective backup (required then), else null
     * @param schedule the schedule's name for a scheduled backup, else null
     * @param force back up even when nothing changed (overrides smart skip)
     */
    record Backup(String site, BackupType type, TriggerType trigger, String preset, String schedule, boolean force,
            String requestedBy) implements JobRequest {
        public Backup {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(requestedBy, "requestedBy");
            if ((type == BackupType.SELECTIVE) != (preset != null)) {
                throw new IllegalArgumentException("a selective backup needs a preset, and only a selective one");
            }
            if (trigger == TriggerType.SCHEDULED && schedule == null) {
                throw new IllegalArgumentException("a scheduled backup names its schedule");
            }
        }

        @Override
        public JobKind kind() {
            return JobKind.BACKUP;
        }

        @Override
        public String triggerKey() {
            return trigger.key();
        }
    }

    /**
     * A restore of the site (DESIGN §4 safety model, done by the site service).
     *
     * @param snapshot a snapshot ID (or unique prefix), or null with {@code latest} or {@code at}
     * @param at the newest snapshot at or before this time, or null
     * @param only {@code database}, {@code media}, or null for both
     * @param sandbox restore to scratch targets and verify, leaving the live site alone
     * @param dryRun only report what would change
     */
    record Restore(String site, String snapshot, boolean latest, Instant at, String only, List<String> tables,
            List<String> paths, boolean sandbox, boolean dryRun, String requestedBy) implements JobRequest {
        public Restore {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(requestedBy, "requestedBy");
            tables = List.copyOf(tables);
            paths = List.copyOf(paths);
            int chosen = (snapshot != null ? 1 : 0) + (latest ? 1 : 0) + (at != null ? 1 : 0);
            if (chosen != 1) {
                throw new IllegalArgumentException("give exactly one of snapshot, latest or at");
            }
            if (only != null && !only.equals("database") && !only.equals("media")) {
                throw new IllegalArgumentException("only must be database or media, got '" + only + "'");
            }
        }

        @Override
        public JobKind kind() {
            return JobKind.RESTORE;
        }

        @Override
        public String triggerKey() {
            return "manual";
        }
    }

    /**
     * A verification of one backup: the repository check of its snapshot plus, when {@code readDataPercent} is
     * above 0, re-reading that share of its data.
     */
    record Verify(String site, long backupId, int readDataPercent, String requestedBy) implements JobRequest {
        public Verify {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(requestedBy, "requestedBy");
            if (readDataPercent < 0 || readDataPercent > 100) {
                throw new IllegalArgumentException("read_data_percent must be between 0 and 100, got "
                        + readDataPercent);
            }
        }

        @Override
        public JobKind kind() {
            return JobKind.VERIFY;
        }

        @Override
        public String triggerKey() {
            return "manual";
        }
    }
}
