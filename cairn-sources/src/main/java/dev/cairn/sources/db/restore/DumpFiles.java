package dev.cairn.sources.db.restore;

import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dump files of one database during a restore. An engine either {@link #stream streams} a file straight from
 * the repository into its restore tool (no temporary copy, and the tool works while the repository is still being
 * read) or, when the tool needs seekable files (directory-format archives, single-table restores), asks for them
 * all {@link #dir() extracted} into a private temporary folder. Every file is checked against the manifest (size,
 * SHA-256) either way; a streamed one only at its end, so what was loaded from it must be thrown away on failure.
 */
public final class DumpFiles implements AutoCloseable {

    private final DumpSource source;
    private final Manifest.Database db;
    private final TempFiles temp;
    private Path extracted;

    private DumpFiles(DumpSource source, Manifest.Database db, TempFiles temp) {
        this.source = source;
        this.db = db;
        this.temp = temp;
    }

    /** Nothing is read yet; temporary files go below {@code tempParent} (in a private folder, deleted on close). */
    public static DumpFiles open(DumpSource source, Manifest.Database db, Path tempParent) throws IOException {
        return new DumpFiles(source, db, TempFiles.create(tempParent, "cairn-restore-"));
    }

    /** The database's first (for most formats: only) file. */
    public Manifest.DumpFile main() {
        return db.files().get(0);
    }

    /** Every file extracted below a private folder and checked, on the first call; that folder. */
    public Path dir() throws IOException {
        if (extracted == null) {
            Path dir = temp.dir().resolve("dump");
            source.extract(db, dir);
            extracted = dir;
        }
        return extracted;
    }

    /** Writes {@code file}'s content to {@code out} (not closed), checked against the manifest at its end. */
    public void stream(Manifest.DumpFile file, OutputStream out) throws IOException {
        if (extracted != null) {
            try (InputStream in = Files.newInputStream(extracted.resolve(file.path()))) {
                in.transferTo(out); // already checked when it was extracted
            }
            return;
        }
        source.stream(db, file, out);
    }

    /** A path for a scratch file in the private temporary folder (e.g. a copy kept for a second pass). */
    public Path scratch(String name) {
        return temp.dir().resolve(name);
    }

    /** Deletes the extracted files and any scratch file. */
    @Override
    public void close() {
        temp.close();
    }
}
