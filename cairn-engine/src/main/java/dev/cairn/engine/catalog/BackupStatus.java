package dev.cairn.engine.catalog;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A backup's lifecycle (the product spec's): pending → running → completed | failed; completed → verifying →
 * verified | corrupted; pending or running → skipped (nothing changed). Verification may run again (verified or
 * corrupted → verifying, e.g. a periodic drill or a check after a repair), and a verification that reached no
 * verdict (location unreachable, lock held, wrong password, interrupted) returns to the last verdict, or completed:
 * it proved nothing either way (the backup's {@code verify_error} says why).
 */
public enum BackupStatus {
    PENDING, RUNNING, COMPLETED, FAILED, VERIFYING, VERIFIED, CORRUPTED, SKIPPED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BackupStatus parse(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /** The statuses this one may change to. */
    public Set<BackupStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, FAILED, SKIPPED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, SKIPPED);
            case COMPLETED, VERIFIED, CORRUPTED -> EnumSet.of(VERIFYING);
            case VERIFYING -> EnumSet.of(VERIFIED, CORRUPTED, COMPLETED);
            case FAILED, SKIPPED -> EnumSet.noneOf(BackupStatus.class);
        };
    }

    public boolean canBecome(BackupStatus to) {
        return next().contains(to);
    }

    /** The statuses from which {@code to} may be reached. */
    static Set<BackupStatus> before(BackupStatus to) {
        Set<BackupStatus> from = EnumSet.noneOf(BackupStatus.class);
        for (BackupStatus s : values()) {
            if (s.canBecome(to)) {
                from.add(s);
            }
        }
        return from;
    }
}
