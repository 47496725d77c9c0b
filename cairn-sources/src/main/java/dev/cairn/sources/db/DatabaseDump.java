package dev.cairn.sources.db;

import dev.cairn.snapshots.backup.VirtualEntry;
import java.io.IOException;
import java.util.List;

/**
 * One database being backed up. Opening it (the engines' {@code open} methods) connects, checks the tools and
 * pins the state to dump (a PostgreSQL snapshot, a SQLite copy); {@link #entries} says what goes into the
 * snapshot; once the archiver has read those, {@link #describe} returns the manifest entry; {@link #close} always
 * ends the transaction, stops the tool and deletes temporary files.
 */
public interface DatabaseDump extends AutoCloseable {

    /** The database's folder name in the snapshot. */
    String name();

    /** The entries to store below {@code dir} (e.g. {@code /database/shop}), in the order they must be read. */
    List<VirtualEntry> entries(String dir) throws IOException;

    /** After every entry was read to its end: the manifest entry. */
    Manifest.Database describe(String dir) throws IOException;

    @Override
    void close() throws IOException;
}
