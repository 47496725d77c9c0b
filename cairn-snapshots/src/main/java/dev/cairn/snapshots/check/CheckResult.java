package dev.cairn.snapshots.check;

import dev.cairn.repository.Id;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of a check.
 *
 * @param errors problems that make the repository (partly) unrestorable; each names the file concerned
 * @param hints harmless findings (packs no index names, packs in several indexes) and advice
 * @param damagedPacks packs that are missing, have the wrong size or failed verification
 * @param affectedPaths for each snapshot hit by damage, the paths inside it that cannot be restored intact
 *     (directories end in {@code /} when their listing itself is lost)
 */
public record CheckResult(List<String> errors, List<String> hints, Set<Id> damagedPacks,
        Map<Id, List<String>> affectedPaths) {

    public CheckResult {
        errors = List.copyOf(errors);
        hints = List.copyOf(hints);
        damagedPacks = Set.copyOf(damagedPacks);
        Map<Id, List<String>> copy = new LinkedHashMap<>();
        affectedPaths.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        affectedPaths = java.util.Collections.unmodifiableMap(copy);
    }

    /** True when no errors were found (hints do not count, as in restic). */
    public boolean ok() {
        return errors.isEmpty();
    }
}
