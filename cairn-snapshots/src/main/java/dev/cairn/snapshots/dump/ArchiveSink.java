package dev.cairn.snapshots.dump;

import dev.cairn.repository.Node;
import java.io.IOException;

/** Receives the entries of a dump in tree order; closing finishes the archive and its compression. */
interface ArchiveSink extends AutoCloseable {

    /**
     * @param name the entry's path inside the archive, without a trailing slash
     * @param hardlinkOf for a further name of an inode already in the archive, the first name; else null
     */
    void entry(String name, Node node, String hardlinkOf) throws IOException;

    @Override
    void close() throws IOException;
}
