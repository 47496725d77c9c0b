package dev.cairn.sources.db.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Copies to {@code out} only the part of a custom-format archive ({@code pg_dump -Fc}) that
 * {@code pg_restore --section=post-data} reads: the header and the table of contents, not the table data after
 * them. A restore streams the rows into one pg_restore and builds indexes and constraints with a parallel one
 * afterwards, which needs a seekable file; with this, that file is a few KiB instead of a second copy of the dump.
 *
 * <p>The table of contents is parsed by {@link ArchiveToc} as it arrives (linear in its size whatever the size of
 * the writes; re-parsing the whole head on every write was quadratic). An archive layout it does not know makes this
 * copy the whole archive instead: never too little.
 */
final class ArchivePrefix extends OutputStream {

    private static final long NEED_MORE = ArchiveToc.NEED_MORE;
    private static final long UNKNOWN = ArchiveToc.UNKNOWN;

    private final OutputStream out;
    private final ArchiveToc reader = new ArchiveToc();
    private byte[] head = new byte[1 << 16];
    private int length;
    private boolean done;
    private boolean whole;

    ArchivePrefix(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (done) {
            return;
        }
        if (whole) {
            out.write(b, off, len);
            return;
        }
        if (head.length - length < len) {
            head = Arrays.copyOf(head, Math.max(2 * head.length, length + len));
        }
        System.arraycopy(b, off, head, length, len);
        length += len;
        long end = reader.resume(head, length);
        if (end == UNKNOWN) {
            whole = true;
            out.write(head, 0, length);
            head = null;
        } else if (end != NEED_MORE) {
            out.write(head, 0, (int) end);
            done = true;
            head = null;
        }
    }

    /** Bytes the parser has looked at so far, re-reads included (for tests: linear in the table of contents). */
    long examined() {
        return reader.examined();
    }

    /** Whether only the header and table of contents were copied (false: the whole archive, or not yet all). */
    boolean prefixOnly() {
        return done;
    }

    @Override
    public void flush() throws IOException {
        out.flush(); // an archive that ends inside its table of contents fails its checksum anyway
    }
}
