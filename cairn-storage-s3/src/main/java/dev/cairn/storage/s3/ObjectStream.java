package dev.cairn.storage.s3;

import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The body of a GET: read errors (a connection dropped mid-download) become {@link StorageException.Transient}
 * naming the object, so the caller that knows how far it got can reopen. Closing before the end aborts the request
 * instead of draining the rest of a large object just to reuse its connection.
 */
final class ObjectStream extends InputStream {

    private final ResponseInputStream<?> in;
    private final String what;
    private boolean ended;

    /** @param what location, operation and key, for messages */
    ObjectStream(ResponseInputStream<?> in, String what) {
        this.in = in;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = in.read();
            ended |= b < 0;
            return b;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = in.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            in.abort();
        }
        in.close();
    }

    private IOException failed(IOException e) {
        if (e instanceof java.io.InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
            return e;
        }
        return new StorageException.Transient(what + ": reading failed: " + e.getMessage(), e);
    }
}
