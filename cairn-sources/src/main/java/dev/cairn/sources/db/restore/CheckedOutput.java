package dev.cairn.sources.db.restore;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes a dump file's bytes on while counting and hashing them (SHA-256), to check them against the manifest once
 * the whole file has passed. It also remembers whether writing to {@code out} failed, so a reader can tell a
 * repository read error from a consumer that went away (a restore tool that exited). Closing it does not close
 * {@code out}.
 */
final class CheckedOutput extends OutputStream {

    private final OutputStream out;
    private final MessageDigest sha;
    private long size;
    private boolean writeFailed;

    CheckedOutput(OutputStream out) {
        this.out = out;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        sha.update(b, off, len);
        size += len;
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            writeFailed = true;
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            writeFailed = true;
            throw e;
        }
    }

    /** Whether the last failure came from {@code out} rather than from whoever wrote to this stream. */
    boolean writeFailed() {
        return writeFailed;
    }

    /** Fails unless what passed has exactly the size and SHA-256 the manifest gives for {@code file}. */
    void check(Manifest.Database db, Manifest.DumpFile file, String label) throws DatabaseException {
        check(db, file, new Manifest.DumpFile(file.path(), size, HexFormat.of().formatHex(sha.digest())), label);
    }

    static void check(Manifest.Database db, Manifest.DumpFile expected, Manifest.DumpFile actual, String label)
            throws DatabaseException {
        if (actual.size() != expected.size() || !actual.sha256().equals(expected.sha256())) {
            throw new DatabaseException("the dump file " + expected.path() + " of database " + db.name() + " in "
                    + label + " does not match its manifest (size " + actual.size() + " vs " + expected.size()
                    + ", sha256 " + actual.sha256() + " vs " + expected.sha256() + "); the snapshot is damaged");
        }
    }
}
