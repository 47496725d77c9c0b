package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.browse.ModeStrings;
import dev.cairn.snapshots.browse.TreeWalker;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn ls SNAPSHOT [DIR...]}: lists the files in a snapshot (restic 0.14's semantics). */
@Command(name = "ls", description = "List the files in a snapshot (optionally below some directories).")
final class LsCommand extends CommandBase {

    @Mixin
    SnapshotArgs filter;

    @Option(names = {"-l", "--long"}, description = "Show mode, owner, size and time.")
    boolean longFormat;

    @Option(names = "--recursive", description = "With DIRs: include everything below them, not just entries.")
    boolean recursive;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "latest, an ID or an ID prefix")
    String snapshot;

    @Parameters(index = "1..*", paramLabel = "DIR", description = "Only list these directories.")
    List<String> dirs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Output out = output();
        try (Repository repo = access().openLocking(false);
                RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
            SnapshotRef ref = filter.resolve(new SnapshotSelector(repo.listSnapshots()), snapshot);
            if (out.json()) {
                ObjectNode head = SnapshotsCommand.json(out, ref);
                head.put("struct_type", "snapshot");
                out.printJson(head);
            } else {
                out.line("snapshot " + ref.id().shortHex() + " of " + ref.snapshot().paths() + " at "
                        + SnapshotsCommand.TIME.format(ref.snapshot().time().atZone(ZoneId.systemDefault())) + ":");
            }
            List<String> cleaned = dirs.stream().map(d -> d.endsWith("/") && d.length() > 1
                    ? d.substring(0, d.length() - 1) : d).toList();
            new TreeWalker(repo).ls(ref.snapshot().tree(), cleaned, recursive, (path, node) -> {
                print(out, path, node);
                return TreeWalker.Action.CONTINUE;
            });
        }
        return ExitCodes.OK;
    }

    private void print(Output out, String path, Node node) {
        if (out.json()) {
            ObjectNode n = out.object();
            n.put("name", node.name().toString());
            n.put("type", node.type().jsonName());
            n.put("path", path);
            n.put("uid", node.uid());
            n.put("gid", node.gid());
            if (node.isFile()) {
                n.put("size", node.size());
            }
            n.put("mode", node.mode());
            n.put("permissions", ModeStrings.of(node));
            n.put("mtime", node.mtime().toString());
            n.put("atime", node.atime().toString());
            n.put("ctime", node.ctime().toString());
            n.put("struct_type", "node");
            out.printJson(n);
        } else if (longFormat) {
            String owner = node.user() == null || node.user().isEmpty() ? Long.toString(node.uid()) : node.user();
            String group = node.group() == null || node.group().isEmpty() ? Long.toString(node.gid()) : node.group();
            String target = node.linkTarget() == null ? "" : " -> " + node.linkTarget();
            out.result(String.format("%s %8s %8s %10d %s %s%s", ModeStrings.of(node), owner, group, node.size(),
                    SnapshotsCommand.TIME.format(node.mtime().atZone(ZoneId.systemDefault())), path, target));
        } else {
            out.result(path);
        }
    }
}
