package dev.cairn.storage.gcs;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.ContentFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's content as uploads read it: exactly {@code length()} bytes, a read error or an early end marked as
 * a {@link ContentFailure} so it is reported as "the content failed" (permanent), not as a service fault.
 */
final class GcsContent {

    private GcsContent() {
    }

    /** All of a small content, checked against its announced length. */
    static byte[] readAll(ByteSource source) throws ContentFailure {
        long length = source.length();
        try (InputStream in = source.open()) {
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length || in.read() >= 0) {
                throw new ContentFailure("the content gave " + (bytes.length != length ? bytes.length + "" : "more")
                        + " bytes but announced " + length, null);
            }
            return bytes;
        } catch (ContentFailure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ContentFailure(String.valueOf(e.getMessage()), e);
        }
    }

    /** A stream over the content for a resumable upload; an early end is a {@link ContentFailure}, not a short file. */
    static InputStream stream(ByteSource source) throws ContentFailure {
        long length = source.length();
        InputStream in;
        try {
            in = source.open();
        } catch (IOException | RuntimeException e) {
            throw new ContentFailure(String.valueOf(e.getMessage()), e);
        }
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (read >= length) {
                    return -1;
                }
                int n;
                try {
                    n = in.read(b, off, (int) Math.min(len, length - read));
                } catch (IOException e) {
                    throw new ContentFailure(String.valueOf(e.getMessage()), e);
                }
                if (n < 0) {
                    throw new ContentFailure("the content ended after " + read + " of " + length + " bytes", null);
                }
                read += n;
                return n;
            }
        };
    }
}
