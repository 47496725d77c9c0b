package dev.cairn.sources.db.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Copies to {@code out} only the part of a custom-format archive ({@code pg_dump -Fc}) that
 * {@code pg_restore --section=post-data} reads: the header and the table of contents, not the table data after
 * them. A restore streams the rows into one pg_restore and builds indexes and constraints with a parallel one
 * afterwards, which needs a seekable file; with this, that file is a few KiB instead of a second copy of the dump.
 *
 * <p>The layout is pg_dump's {@code ReadHead}/{@code ReadToc} ({@code pg_backup_archiver.c}) for archive versions
 * 1.12 to 1.14 (written by pg_dump up to 15; 1.14 is tested). Newer versions changed the header and the entries
 * (1.15: the compression algorithm, 1.16: more fields); those, and anything that does not parse as expected, make
 * it copy the whole archive instead: never too little.
 */
final class ArchivePrefix extends OutputStream {

    private static final int NEED_MORE = -1;
    private static final int UNKNOWN = -2;

    private final OutputStream out;
    private ByteArrayOutputStream head = new ByteArrayOutputStream();
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
        head.write(b, off, len);
        byte[] bytes = head.toByteArray();
        long end = tocEnd(bytes, bytes.length);
        if (end == UNKNOWN) {
            whole = true;
            out.write(bytes);
            head = null;
        } else if (end != NEED_MORE) {
            out.write(bytes, 0, (int) end);
            done = true;
            head = null;
        }
    }

    /** Whether only the header and table of contents were copied (false: the whole archive, or not yet all). */
    boolean prefixOnly() {
        return done;
    }

    @Override
    public void flush() throws IOException {
        out.flush(); // an archive that ends inside its table of contents fails its checksum anyway
    }

    /**
     * The offset where the table of contents of the archive in {@code b[0..n)} ends, {@link #NEED_MORE} when
     * {@code n} bytes are not enough to tell, {@link #UNKNOWN} for a layout this class does not know.
     */
    static long tocEnd(byte[] b, int n) {
        try {
            return new Reader(b, n).tocEnd();
        } catch (NeedMore e) {
            return NEED_MORE;
        } catch (Unknown e) {
            return UNKNOWN;
        }
    }

    private static final class NeedMore extends Exception {
        NeedMore() {
            super(null, null, false, false);
        }
    }

    private static final class Unknown extends Exception {
        Unknown() {
            super(null, null, false, false);
        }
    }

    private static final class Reader {
        private final byte[] b;
        private final int n;
        private int pos;
        private int intSize;

        Reader(byte[] b, int n) {
            this.b = b;
            this.n = n;
        }

        long tocEnd() throws NeedMore, Unknown {
            for (char c : "PGDMP".toCharArray()) {
                if (readByte() != c) {
                    throw new Unknown();
                }
            }
            int major = readByte();
            int minor = readByte();
            readByte(); // revision
            if (major != 1 || minor < 12 || minor > 14) {
                throw new Unknown();
            }
            intSize = readByte();
            int offSize = readByte();
            int format = readByte();
            if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8 || format != 1) { // 1 = custom
                throw new Unknown();
            }
            readInt(); // compression level
            for (int i = 0; i < 7; i++) {
                readInt(); // creation time: sec, min, hour, mday, mon, year, isdst
            }
            skipString(); // database name
            skipString(); // server version
            skipString(); // pg_dump version
            long count = readInt();
            if (count < 0 || count > 100_000_000) {
                throw new Unknown();
            }
            for (long i = 0; i < count; i++) {
                readInt(); // dump id
                readInt(); // had dumper
                skipString(); // table oid
                skipString(); // oid
                skipString(); // tag
                skipString(); // desc
                readInt(); // section
                skipString(); // definition
                skipString(); // drop statement
                skipString(); // copy statement
                skipString(); // namespace
                skipString(); // tablespace
                if (minor >= 14) {
                    skipString(); // table access method
                }
                skipString(); // owner
                skipString(); // "with oids"
                while (skipString()) {
                    // dependencies, up to a null string
                }
                readByte(); // data offset: flag, then offSize bytes
                skip(offSize);
            }
            return pos;
        }

        private int readByte() throws NeedMore {
            if (pos >= n) {
                throw new NeedMore();
            }
            return b[pos++] & 0xff;
        }

        private void skip(long count) throws NeedMore {
            if (n - pos < count) {
                throw new NeedMore();
            }
            pos += (int) count;
        }

        /** A sign byte, then {@code intSize} bytes of the magnitude, least significant first. */
        private long readInt() throws NeedMore, Unknown {
            int sign = readByte();
            long v = 0;
            for (int i = 0; i < intSize; i++) {
                int x = readByte();
                if (i < 8) {
                    v |= (long) x << (8 * i);
                }
            }
            if (sign > 1 || v < 0) {
                throw new Unknown();
            }
            return sign == 1 ? -v : v;
        }

        /** A length (-1 for a null string) and that many bytes; false for the null string. */
        private boolean skipString() throws NeedMore, Unknown {
            long len = readInt();
            if (len == -1) {
                return false;
            }
            if (len < 0 || len > (1L << 30)) {
                throw new Unknown();
            }
            skip(len);
            return true;
        }
    }
}
