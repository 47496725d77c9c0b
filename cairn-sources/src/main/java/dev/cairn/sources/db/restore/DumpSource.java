package dev.cairn.sources.db.restore;

import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where a restore reads a database backup from: its manifest and its dump files. {@link SnapshotDump} reads them
 * from a snapshot (stand-alone or site layout); tests may wrap one to change what the manifest claims.
 */
public interface DumpSource {

    /** The snapshot's manifest ({@code cairn-manifest.json}). */
    Manifest manifest() throws IOException;

    /**
     * Writes every file of {@code db} ({@code files[]}, relative to its folder) below {@code dir} and checks each
     * file's size and SHA-256 against the manifest; a damaged or incomplete file fails.
     */
    void extract(Manifest.Database db, Path dir) throws IOException;

    /**
     * Writes the content of one file of {@code db} to {@code out} (not closed) as it is read, and checks its size
     * and SHA-256 against the manifest once it has all passed: a damaged file fails, but only at its end, so a
     * caller that loaded the bytes meanwhile must discard what it loaded.
     */
    void stream(Manifest.Database db, Manifest.DumpFile file, OutputStream out) throws IOException;

    /** For messages, e.g. {@code snapshot 1a2b3c4d}. */
    String describe();
}
