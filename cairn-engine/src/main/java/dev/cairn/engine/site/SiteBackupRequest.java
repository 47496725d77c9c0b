package dev.cairn.engine.site;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import java.util.List;
import java.util.Objects;

/**
 * A backup of one site.
 *
 * @param type what goes in and which parent is used (DESIGN §3)
 * @param preset the site preset of a selective backup (required then), else null
 * @param locations where to (the first is written, the others receive copies); empty = all of the site's
 * @param force no smart skip: back up even when nothing changed
 * @param compression {@code auto}, {@code off} or {@code max}; null = auto
 * @param schedule the schedule that started it (tagged {@code schedule:<name>}), or null
 * @param createdBy who asked (a user, a token name, {@code scheduler})
 */
public record SiteBackupRequest(String site, BackupType type, TriggerType trigger, String preset,
        List<String> locations, boolean force, String compression, String schedule, String createdBy) {

    public SiteBackupRequest {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(trigger, "trigger");
        locations = locations == null ? List.of() : List.copyOf(locations);
        createdBy = createdBy == null ? "cli" : createdBy;
        if (type == BackupType.SELECTIVE && preset == null) {
            throw new IllegalArgumentException("a selective backup needs a preset");
        }
    }

    /** A manual backup of every part to every location. */
    public static SiteBackupRequest manual(String site, BackupType type) {
        return new SiteBackupRequest(site, type, TriggerType.MANUAL, null, List.of(), false, null, null, "cli");
    }
}
