package dev.cairn.storage.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/** At most {@code limit} bytes of a reply body, with read faults turned into classified storage errors. */
final class ResponseStream extends FilterInputStream {

    private final Function<IOException, IOException> errors;
    private long remaining;

    ResponseStream(InputStream in, long limit, Function<IOException, IOException> errors) {
        super(in);
        this.remaining = limit;
        this.errors = errors;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        try {
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        } catch (IOException e) {
            throw errors.apply(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        } catch (IOException e) {
            throw errors.apply(e);
        }
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
