package dev.cairn.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes on at most {@code limit} bytes of a stream, for ranged reads, and lets a backend classify the errors of the
 * stream it wraps. Closing it closes the underlying stream. Public so backend modules can use it for their ranged
 * reads.
 */
public final class LimitedInputStream extends FilterInputStream {
    /** Maps a read error of the underlying stream to what the caller should see. */
    @FunctionalInterface
    public interface ErrorMapper {
        IOException map(IOException e);
    }

    private final ErrorMapper errors;
    private long remaining;

    public LimitedInputStream(InputStream in, long limit) {
        this(in, limit, e -> e);
    }

    public LimitedInputStream(InputStream in, long limit, ErrorMapper errors) {
        super(in);
        this.remaining = limit;
        this.errors = errors;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw errors.map(e);
        }
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n;
        try {
            n = in.read(buffer, offset, (int) Math.min(length, remaining));
        } catch (IOException e) {
            throw errors.map(e);
        }
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    // mark/reset would let the limit drift from the real position; nobody needs them here.
    @Override
    public boolean markSupported() {
        return false;
    }
}
