package dev.cairn.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Content to save: a known length and a stream that can be opened again and again, so a backend (or the retry
 * decorator) can replay an upload after a transient failure.
 */
public interface ByteSource {

    long length();

    /** Opens a new stream over the whole content, from the first byte. Each call starts over. */
    InputStream open() throws IOException;

    static ByteSource of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    static ByteSource of(byte[] bytes, int offset, int length) {
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes, offset, length);
            }
        };
    }

    /** A file's content; the file must not change while the source is in use. */
    static ByteSource of(Path file) throws IOException {
        long size = Files.size(file);
        return new ByteSource() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
