package dev.cairn.storage.s3;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.ContentFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A slice of the caller's content, as the SDK reads it for an upload: exactly {@code length} bytes from
 * {@code offset}. A read error or a source that ends early becomes a {@link ContentFailure}, so the error classifier
 * can tell "the content failed" (permanent: retrying the server cannot help) from "the server failed".
 */
final class SourceStream extends InputStream {

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final long length;
    private long read;

    private SourceStream(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    static SourceStream open(ByteSource source, long offset, long length) throws ContentFailure {
        InputStream in = null;
        try {
            in = source.open();
            in.skipNBytes(offset);
            return new SourceStream(in, length);
        } catch (IOException | RuntimeException e) {
            closeQuietly(in, e);
            throw new ContentFailure(e instanceof java.io.EOFException ? "the content ended before offset " + offset
                    : String.valueOf(e.getMessage()), e);
        }
    }

    /** What the SDK calls for each attempt to send the slice. */
    static ContentStreamProvider provider(ByteSource source, long offset, long length) {
        return () -> {
            try {
                return open(source, offset, length);
            } catch (ContentFailure e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** The base64 MD5 of the slice, which the server checks against what it received (Content-MD5). */
    static String md5(ByteSource source, long offset, long length) throws ContentFailure {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
        try (SourceStream in = open(source, offset, length)) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    @Override
    public int read() throws ContentFailure {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws ContentFailure {
        if (count == 0) {
            return 0;
        }
        if (read >= length) {
            return -1;
        }
        int n;
        try {
            n = in.read(buffer, offset, (int) Math.min(count, length - read));
        } catch (IOException e) {
            throw new ContentFailure(String.valueOf(e.getMessage()), e);
        }
        if (n < 0) {
            throw new ContentFailure("the content ended after " + read + " of " + length + " announced bytes", null);
        }
        read += n;
        return n;
    }

    @Override
    public void close() throws ContentFailure {
        try {
            in.close();
        } catch (IOException e) {
            throw new ContentFailure(String.valueOf(e.getMessage()), e);
        }
    }

    private static void closeQuietly(InputStream in, Exception cause) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
