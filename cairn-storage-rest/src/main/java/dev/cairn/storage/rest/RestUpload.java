package dev.cairn.storage.rest;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code POST} of a file's content with an exact {@code Content-Length}. A failure of the caller's content
 * (it throws, or gives fewer or more bytes than announced) is told apart from a network fault: the first is
 * {@link StorageException.Permanent} (retrying the same content cannot help), the second {@link StorageException.Transient}.
 */
final class RestUpload {

    /** Uploads slower than this are taken for a stalled server. */
    private static final long MIN_BYTES_PER_SECOND = 32 * 1024;

    private final RestTransport transport;
    private final String location;

    RestUpload(RestTransport transport, String location) {
        this.transport = transport;
        this.location = location;
    }

    void post(URI uri, String file, ByteSource content) throws IOException {
        AtomicLong sent = new AtomicLong();
        AtomicBoolean sourceFailed = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        long length = content.length();
        HttpRequest.BodyPublisher body = length == 0 ? HttpRequest.BodyPublishers.ofByteArray(new byte[0])
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() ->
                        open(content, sent, sourceFailed, ended)), length);
        // The reply comes only after the whole body is sent, so the timeout grows with the size.
        Duration timeout = transport.timeout().plusSeconds(length / MIN_BYTES_PER_SECOND);
        HttpRequest.Builder request = transport.request(uri).timeout(timeout)
                .header("Content-Type", "application/octet-stream").POST(body);
        HttpResponse<String> response;
        try {
            response = transport.send(request, HttpResponse.BodyHandlers.ofString(), "save", file);
        } catch (StorageException e) {
            if (sourceFailed.get()) {
                cleanUp(uri, file, e);
                throw new StorageException.Permanent(location + ": save " + file + ": reading the content to save "
                        + "failed: " + rootMessage(e) + "; nothing was saved", e);
            }
            cleanUp(uri, file, e);
            if (sent.get() > length || (sent.get() < length && ended.get())) {
                throw new StorageException.Permanent(location + ": save " + file + ": the content to save gave "
                        + (sent.get() > length ? "more than " + length : sent.get()) + " bytes but announced "
                        + length + "; nothing was saved", e);
            }
            throw e;
        }
        transport.expectOk(response, "save", file);
    }

    /**
     * A server that writes in place (rclone on a local remote) removes what a broken upload left only when it
     * notices the broken connection; deleting it here makes "nothing was saved" true when this call returns.
     * No other writer can have completed this name meanwhile with other content: names are content hashes.
     */
    private void cleanUp(URI uri, String file, Exception failure) {
        try {
            transport.send(transport.request(uri).DELETE(), HttpResponse.BodyHandlers.discarding(), "save", file);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static InputStream open(ByteSource content, AtomicLong sent, AtomicBoolean sourceFailed,
            AtomicBoolean ended) {
        sent.set(0);
        ended.set(false);
        try {
            return new Tracking(content.open(), sent, sourceFailed, ended);
        } catch (IOException e) {
            sourceFailed.set(true);
            throw new UncheckedIOException(e);
        }
    }

    /** Counts what the content gave and remembers whether it failed or ended. */
    private static final class Tracking extends FilterInputStream {
        private final AtomicLong count;
        private final AtomicBoolean failed;
        private final AtomicBoolean ended;

        Tracking(InputStream in, AtomicLong count, AtomicBoolean failed, AtomicBoolean ended) {
            super(in);
            this.count = count;
            this.failed = failed;
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    count.addAndGet(n);
                } else if (n < 0) {
                    ended.set(true);
                }
                return n;
            } catch (IOException | RuntimeException e) {
                failed.set(true);
                throw e;
            }
        }
    }
}
