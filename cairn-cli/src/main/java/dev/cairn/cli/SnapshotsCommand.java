package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn snapshots}: lists snapshots, oldest first. */
@Command(name = "snapshots", description = "List snapshots (oldest first).")
final class SnapshotsCommand extends CommandBase {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Mixin
    SnapshotArgs filter;

    @Option(names = "--latest", paramLabel = "N", description = "Only the last N snapshots of each host and path set.")
    Integer latest;

    @Override
    public Integer call() throws Exception {
        Output out = output();
        try (Repository repo = access().openLocking(false);
                RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
            List<SnapshotRef> refs = new SnapshotSelector(ReadableSnapshots.load(repo, out))
                    .filter(filter.filter());
            if (latest != null) {
                refs = SnapshotSelector.group(refs, true, true, false).values().stream()
                        .flatMap(g -> g.subList(Math.max(0, g.size() - latest), g.size()).stream())
                        .sorted(java.util.Comparator.comparing((SnapshotRef r) -> r.snapshot().time()))
                        .toList();
            }
            if (out.json()) {
                ArrayNode array = out.mapper().createArrayNode();
                refs.forEach(r -> array.add(json(out, r)));
                out.printJson(array);
            } else {
                printTable(out, refs);
            }
        }
        return ExitCodes.OK;
    }

    /** A snapshot as restic's {@code snapshots --json} prints it. */
    static ObjectNode json(Output out, SnapshotRef ref) {
        Snapshot s = ref.snapshot();
        ObjectNode n = out.object();
        n.put("time", s.time().toString());
        if (s.parent() != null) {
            n.put("parent", s.parent().hex());
        }
        n.put("tree", s.tree().hex());
        ArrayNode paths = n.putArray("paths");
        s.paths().forEach(paths::add);
        n.put("hostname", s.hostname());
        n.put("username", s.username());
        n.put("uid", s.uid());
        n.put("gid", s.gid());
        if (!s.tags().isEmpty()) {
            ArrayNode tags = n.putArray("tags");
            s.tags().forEach(tags::add);
        }
        if (!s.excludes().isEmpty()) {
            ArrayNode ex = n.putArray("excludes");
            s.excludes().forEach(ex::add);
        }
        if (s.programVersion() != null) {
            n.put("program_version", s.programVersion());
        }
        n.put("id", ref.id().hex());
        n.put("short_id", ref.id().shortHex());
        return n;
    }

    private static void printTable(Output out, List<SnapshotRef> refs) {
        ZoneId zone = ZoneId.systemDefault();
        String header = String.format("%-8s  %-19s  %-16s  %-20s  %s", "ID", "Time", "Host", "Tags", "Paths");
        out.line(header);
        out.line("-".repeat(Math.max(header.length(), 80)));
        for (SnapshotRef r : refs) {
            Snapshot s = r.snapshot();
            List<String> paths = s.paths().isEmpty() ? List.of("") : s.paths();
            for (int i = 0; i < paths.size(); i++) {
                out.line(i == 0
                        ? String.format("%-8s  %-19s  %-16s  %-20s  %s", r.id().shortHex(),
                                TIME.format(s.time().atZone(zone)), s.hostname(), String.join(",", s.tags()),
                                paths.get(i))
                        : String.format("%-8s  %-19s  %-16s  %-20s  %s", "", "", "", "", paths.get(i)));
            }
        }
        out.line("-".repeat(Math.max(header.length(), 80)));
        out.result(refs.size() + " snapshots");
    }
}
