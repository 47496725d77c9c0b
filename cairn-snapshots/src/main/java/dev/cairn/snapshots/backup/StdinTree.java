package dev.cairn.snapshots.backup;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The tree of a stream backup, as restic 0.14's {@code fs.Reader} presents stdin: the file {@code /name}
 * ({@code path.Join("/", name)}) with mode 0644, mtime = ctime = atime = the snapshot time, the process's uid and
 * gid and no inode; directories above it (for a name with slashes) are 0755 with the current time.
 */
final class StdinTree {

    private final String path;
    private final List<Name> components;
    private final Instant time;
    private final Clock clock;
    private final Stats stats;

    StdinTree(String filename, Instant time, Clock clock, Stats stats) {
        List<Name> parts = new ArrayList<>();
        for (String c : filename.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(Name.of(c));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("invalid stdin file name '" + filename + "'");
        }
        this.components = List.copyOf(parts);
        this.path = "/" + String.join("/", parts.stream().map(Name::toString).toList());
        this.time = time;
        this.clock = clock;
        this.stats = stats;
    }

    /** The snapshot path: the cleaned absolute file name. */
    String path() {
        return path;
    }

    /** The root tree ID once the content is stored. */
    CompletableFuture<Id> save(CompletableFuture<FileSaver.Content> content, BlobStore store) {
        ProcessIds ids = ProcessIds.current();
        return content.thenApply(c -> {
            try {
                Node node = base(components.get(components.size() - 1), NodeType.FILE, 0644, time, ids)
                        .size(c.size()).content(c.ids()).build();
                stats.completed(null, node);
                for (int i = components.size() - 2; i >= 0; i--) {
                    Id sub = store.saveTree(new Tree(List.of(node)));
                    node = base(components.get(i), NodeType.DIR, Node.MODE_DIR | 0755, clock.instant(), ids)
                            .subtree(sub).build();
                    stats.completed(null, node);
                }
                return store.saveTree(new Tree(List.of(node)));
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    private static Node.Builder base(Name name, NodeType type, long mode, Instant t, ProcessIds ids) {
        return Node.builder(name, type).mode(mode).mtime(t).atime(t).ctime(t).uid(ids.uid()).gid(ids.gid());
    }
}
