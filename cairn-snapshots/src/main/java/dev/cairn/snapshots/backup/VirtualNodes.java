package dev.cairn.snapshots.backup;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.time.Instant;
import java.util.List;

/**
 * Metadata for nodes that have no file on disk behind them (stream entries and the directories made up above
 * virtual entries): owner-only modes, because database dumps are confidential and a plain {@code restic restore}
 * applies these modes; the snapshot's time, so repeated backups of unchanged data differ only where they must;
 * this process's uid and gid, as restic records for stdin.
 */
record VirtualNodes(Instant time, ProcessIds ids) {

    static final long FILE_MODE = 0600;
    static final long DIR_MODE = 0700;

    Node file(Name name, List<Id> content, long size) {
        return base(name, NodeType.FILE, FILE_MODE).size(size).content(content).build();
    }

    Node.Builder directory(Name name) {
        return base(name, NodeType.DIR, Node.MODE_DIR | DIR_MODE);
    }

    private Node.Builder base(Name name, NodeType type, long mode) {
        return Node.builder(name, type).mode(mode).mtime(time).atime(time).ctime(time).uid(ids.uid())
                .gid(ids.gid());
    }
}
