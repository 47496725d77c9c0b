package dev.cairn.storage.ftp;

import dev.cairn.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.net.ftp.FTPClient;

/**
 * A ranged read: REST offset, RETR, and at most {@code length} bytes of the data connection. The control
 * connection is busy until the stream is closed; then it goes back to the pool if the server's replies are in
 * step (a transfer closed early may be answered 426 and 226), else it is closed.
 */
final class FtpDownload extends InputStream {

    private final FTPClient c;
    private final FtpPool pool;
    private final InputStream in;
    private final String location;
    private final String file;
    private long remaining;
    private boolean atEnd;
    private boolean closed;

    private FtpDownload(FTPClient c, FtpPool pool, InputStream in, long length, String location, String file) {
        this.c = c;
        this.pool = pool;
        this.in = in;
        this.remaining = length < 0 ? Long.MAX_VALUE : length;
        this.location = location;
        this.file = file;
    }

    /** Starts the transfer; on failure the caller releases the connection. */
    static InputStream start(FTPClient c, FtpPool pool, String path, long offset, long length, String location,
            String file) throws IOException {
        c.setRestartOffset(offset);
        InputStream in = c.retrieveFileStream(path);
        c.setRestartOffset(0);
        if (in == null) {
            int code = c.getReplyCode();
            if (offset > 0 && (code == 550 || code == 551 || code == 554)) {
                // Some servers refuse a restart offset at or past the end; tell that apart from a missing file.
                long size = sizeOf(c, path);
                if (size >= 0 && offset >= size) {
                    pool.release(c, true);
                    return new ByteArrayInputStream(new byte[0]);
                }
            }
            throw FtpReplies.missingOrFailure(location, "open", file, c, "RETR failed");
        }
        return new FtpDownload(c, pool, in, length, location, file);
    }

    private static long sizeOf(FTPClient c, String path) throws IOException {
        if (c.sendCommand("SIZE", path) != 213) {
            return -1;
        }
        return Long.parseLong(c.getReplyString().strip().substring(3).strip());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException(location + ": read " + file + ": stream closed");
        }
        if (remaining <= 0 || atEnd) {
            return -1;
        }
        try {
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                atEnd = true;
            } else {
                remaining -= n;
            }
            return n;
        } catch (IOException e) {
            throw new StorageException.Transient(location + ": read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean reusable = false;
        try {
            in.close();
            c.completePendingCommand();
            // After an early close, replies may be out of step (426 then 226): only a clean NOOP proves otherwise.
            reusable = atEnd && c.getReplyCode() == 226 || c.sendCommand("NOOP") == 200;
        } catch (IOException e) {
            reusable = false;
        } finally {
            pool.release(c, reusable);
        }
    }
}
