package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.engine.site.SiteHistory;
import dev.cairn.engine.site.SiteServices;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn history --site NAME}: the site's backups and restores from the catalog. */
@Command(name = "history", description = "List a site's backups (one line per location) and restores from the "
        + "catalog, newest first, with status, sizes and durations.")
final class HistoryCommand extends CommandBase {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--site", required = true, paramLabel = "NAME", description = "The site (from cairn.yaml).")
    String site;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N entries (default 50).")
    int limit;

    @Override
    public Integer call() throws Exception {
        Output out = output();
        try (SiteServices services = SiteAccess.open(global(), env(), out)) {
            services.backups().site(site);
            List<SiteHistory.Entry> entries = services.history().list(site, limit);
            if (out.json()) {
                ArrayNode array = out.mapper().createArrayNode();
                for (SiteHistory.Entry e : entries) {
                    array.add(out.mapper().valueToTree(json(e)));
                }
                out.printJson(array);
                return ExitCodes.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"Time", "Kind", "Type", "Trigger", "Location", "Status", "Snapshot", "Size",
                "Added", "Files", "Rows", "Duration"});
            for (SiteHistory.Entry e : entries) {
                rows.add(new String[] {TIME.format(e.time().atZone(ZoneId.systemDefault())), e.kind(), e.type(),
                    dash(e.trigger()), dash(e.location()), e.status(), e.snapshotId() == null ? "-"
                        : e.snapshotId().substring(0, Math.min(8, e.snapshotId().length())),
                    e.sizeBytes() == null ? "-" : Output.bytes(e.sizeBytes()),
                    e.addedBytes() == null ? "-" : Output.bytes(e.addedBytes()),
                    e.files() == null ? "-" : String.valueOf(e.files()),
                    e.records() == null ? "-" : String.valueOf(e.records()),
                    e.duration() == null ? "-" : Output.duration(e.duration())});
            }
            Table.print(out, rows);
            for (SiteHistory.Entry e : entries) {
                if (e.message() != null && e.status().equals("failed")) {
                    out.result(e.kind() + " " + e.id() + " (" + dash(e.location()) + "): " + e.message());
                }
            }
            out.result(entries.size() + " entries");
            return ExitCodes.OK;
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    /** The JSON form: snake_case names, times as ISO-8601, durations in seconds. */
    private static java.util.Map<String, Object> json(SiteHistory.Entry e) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("kind", e.kind());
        m.put("id", e.id());
        m.put("name", e.name());
        m.put("time", e.time().toString());
        m.put("status", e.status());
        m.put("type", e.type());
        m.put("trigger", e.trigger());
        m.put("location", e.location());
        m.put("snapshot_id", e.snapshotId());
        m.put("size_bytes", e.sizeBytes());
        m.put("added_bytes", e.addedBytes());
        m.put("files", e.files());
        m.put("records", e.records());
        m.put("duration_seconds", e.duration() == null ? null : e.duration().toMillis() / 1000.0);
        m.put("message", e.message());
        return m;
    }
}
