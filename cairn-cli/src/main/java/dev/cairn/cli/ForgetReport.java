package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.retention.GroupResult;
import dev.cairn.snapshots.retention.KeepCounters;
import dev.cairn.snapshots.retention.KeptSnapshot;
import dev.cairn.snapshots.select.SnapshotGroup;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code forget} prints: per group the kept snapshots with their reasons and the removed ones, as tables, or
 * with {@code --json} restic's {@code forget --json} array of groups ({@code tags}, {@code host}, {@code paths},
 * {@code keep}, {@code remove}, {@code reasons}; lists newest first).
 */
final class ForgetReport {

    private final Output out;
    private final ZoneId zone;

    ForgetReport(Output out, ZoneId zone) {
        this.out = out;
        this.zone = zone;
    }

    void groups(List<GroupResult> groups) {
        if (out.json()) {
            ArrayNode array = out.mapper().createArrayNode();
            groups.forEach(g -> array.add(json(g)));
            out.printJson(array);
            return;
        }
        for (GroupResult g : groups) {
            out.line("snapshots for " + describe(g.group()) + ":");
            List<KeptSnapshot> keep = g.result().keep();
            if (!keep.isEmpty()) {
                out.line("keep " + keep.size() + " snapshots:");
                Map<SnapshotRef, List<String>> reasons = new HashMap<>();
                keep.forEach(k -> reasons.put(k.snapshot(), k.reasons()));
                table(keep.stream().map(KeptSnapshot::snapshot).toList(), reasons);
            }
            List<SnapshotRef> remove = g.result().remove();
            if (!remove.isEmpty()) {
                out.line("remove " + remove.size() + " snapshots:");
                table(remove, null);
            }
        }
    }

    /** Snapshots named on the command line. */
    void named(List<SnapshotRef> refs) {
        if (out.json()) {
            out.printJson(out.mapper().createArrayNode());
        } else if (!refs.isEmpty()) {
            out.line("remove " + refs.size() + " snapshots:");
            table(refs, null);
        }
    }

    void wouldRemove(List<SnapshotRef> refs) {
        if (!refs.isEmpty()) {
            out.result("would remove " + refs.size() + " snapshots: "
                    + String.join(" ", refs.stream().map(r -> r.id().shortHex()).toList()));
        } else {
            out.result("no snapshots would be removed");
        }
    }

    void removed(SnapshotRef ref) {
        out.verboseLine("removed snapshot " + ref.id().hex());
    }

    void removedAll(int count) {
        out.result(count == 0 ? "no snapshots were removed" : "removed " + count + " snapshots");
    }

    private ObjectNode json(GroupResult g) {
        ObjectNode n = out.object();
        SnapshotGroup key = g.group();
        strings(n, "tags", key.tags());
        n.put("host", key.host() == null ? "" : key.host());
        strings(n, "paths", key.paths());
        snapshots(n, "keep", g.result().kept());
        snapshots(n, "remove", g.result().remove());
        if (g.result().keep().isEmpty()) {
            n.putNull("reasons");
            return n;
        }
        ArrayNode reasons = n.putArray("reasons");
        for (KeptSnapshot k : g.result().keep()) {
            ObjectNode r = reasons.addObject();
            r.set("snapshot", SnapshotsCommand.json(out, k.snapshot()));
            ArrayNode matches = r.putArray("matches");
            k.reasons().forEach(matches::add);
            r.set("counters", counters(k.counters()));
        }
        return n;
    }

    // restic (Go) writes an empty list as null.
    private void snapshots(ObjectNode n, String name, List<SnapshotRef> refs) {
        if (refs.isEmpty()) {
            n.putNull(name);
        } else {
            ArrayNode a = n.putArray(name);
            refs.forEach(r -> a.add(SnapshotsCommand.json(out, r)));
        }
    }

    // restic's counters omit zero values.
    private ObjectNode counters(KeepCounters c) {
        ObjectNode n = out.object();
        String[] names = {"last", "hourly", "daily", "weekly", "monthly", "yearly"};
        int[] values = {c.last(), c.hourly(), c.daily(), c.weekly(), c.monthly(), c.yearly()};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != 0) {
                n.put(names[i], values[i]);
            }
        }
        return n;
    }

    private static void strings(ObjectNode n, String name, List<String> values) {
        if (values == null) {
            n.putNull(name);
        } else {
            ArrayNode a = n.putArray(name);
            values.forEach(a::add);
        }
    }

    private static String describe(SnapshotGroup g) {
        List<String> parts = new ArrayList<>();
        if (g.host() != null) parts.add("host [" + g.host() + "]");
        if (g.paths() != null) parts.add("paths [" + String.join(", ", g.paths()) + "]");
        if (g.tags() != null) parts.add("tags [" + String.join(", ", g.tags()) + "]");
        return parts.isEmpty() ? "all snapshots" : "(" + String.join(", ", parts) + ")";
    }

    /** A table like restic's, oldest first; a snapshot with several reasons or paths takes several lines. */
    private void table(List<SnapshotRef> refs, Map<SnapshotRef, List<String>> reasons) {
        List<SnapshotRef> rows = refs.stream().sorted(Comparator.comparing(r -> r.snapshot().time())).toList();
        String format = reasons == null ? "%-8s  %-19s  %-12s  %-16s  %s" : "%-8s  %-19s  %-12s  %-16s  %-20s  %s";
        String header = reasons == null ? String.format(format, "ID", "Time", "Host", "Tags", "Paths")
                : String.format(format, "ID", "Time", "Host", "Tags", "Reasons", "Paths");
        out.line(header);
        out.line("-".repeat(header.length()));
        for (SnapshotRef r : rows) {
            Snapshot s = r.snapshot();
            List<String> why = reasons == null ? List.of() : reasons.getOrDefault(r, List.of());
            int lines = Math.max(1, Math.max(why.size(), s.paths().size()));
            for (int i = 0; i < lines; i++) {
                String path = i < s.paths().size() ? s.paths().get(i) : "";
                String first = i == 0 ? r.id().shortHex() : "";
                String time = i == 0 ? SnapshotsCommand.TIME.format(s.time().atZone(zone)) : "";
                String host = i == 0 ? s.hostname() : "";
                String tags = i == 0 ? String.join(",", s.tags()) : "";
                out.line(reasons == null ? String.format(format, first, time, host, tags, path).stripTrailing()
                        : String.format(format, first, time, host, tags, i < why.size() ? why.get(i) : "", path)
                                .stripTrailing());
            }
        }
        out.line("-".repeat(header.length()));
        out.line(rows.size() + " snapshots");
        out.line("");
    }
}
