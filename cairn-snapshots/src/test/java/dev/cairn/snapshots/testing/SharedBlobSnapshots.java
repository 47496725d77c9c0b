package dev.cairn.snapshots.testing;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Snapshots whose files are made of blobs drawn from one shared pool of 60 random blobs (20–170 kB), so that
 * snapshots share some data and forgetting some of them leaves packs partly used: the input prune tests need.
 * Deterministic for a given {@link Random} seed.
 */
public final class SharedBlobSnapshots {

    private SharedBlobSnapshots() {
    }

    /** Writes {@code count} snapshots (4 files of 1–4 pool blobs each, in {@code /dir<n>}) and returns their IDs. */
    public static List<Id> write(Repository repo, Random r, int count) throws IOException {
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] b = new byte[20_000 + r.nextInt(150_000)];
            r.nextBytes(b);
            pool.add(b);
        }
        List<Id> ids = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            List<Node> files = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                List<Id> content = new ArrayList<>();
                long size = 0;
                for (int c = 0; c < 1 + r.nextInt(4); c++) {
                    byte[] chunk = pool.get(r.nextInt(pool.size()));
                    Id id = Id.hash(chunk);
                    repo.saveBlob(BlobType.DATA, id, chunk);
                    content.add(id);
                    size += chunk.length;
                }
                files.add(Node.builder(Name.of("file" + f), NodeType.FILE).mode(0644).size(size)
                        .mtime(Instant.EPOCH).atime(Instant.EPOCH).ctime(Instant.EPOCH).content(content).build());
            }
            Id sub = repo.saveTree(new Tree(files));
            Node dir = Node.builder(Name.of("dir" + s), NodeType.DIR).mode(Node.MODE_DIR | 0755).subtree(sub)
                    .mtime(Instant.EPOCH).atime(Instant.EPOCH).ctime(Instant.EPOCH).build();
            Id root = repo.saveTree(new Tree(List.of(dir)));
            repo.flush();
            ids.add(repo.saveSnapshot(new Snapshot(Instant.ofEpochSecond(1_600_000_000L + s), null, root,
                    List.of("/data"), "host", "user", 0, 0, null, null, null, null, null)));
        }
        return ids;
    }
}
