package dev.cairn.storage.testkit;

import dev.cairn.storage.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.SplittableRandom;

/** Content for the conformance suite: random names and bytes, and byte sources that are large or misbehave. */
final class TestContent {
    private static final int BLOCK = 64 * 1024;

    private TestContent() {
    }

    /** A restic-style name: 64 lower-case hex digits. */
    static String id(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * {@code length} pseudo-random bytes generated while read, block by block, so a huge source costs no memory.
     * Every {@link ByteSource#open()} yields the same bytes.
     */
    static ByteSource generated(long length, long seed) {
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new GeneratedStream(length, seed, -1);
            }
        };
    }

    /** Announces {@code length} bytes but its stream throws an {@link IOException} after {@code failAfter}. */
    static ByteSource failingAfter(long length, long failAfter, long seed) {
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new GeneratedStream(length, seed, failAfter);
            }
        };
    }

    /** Announces {@code announced} bytes but delivers only {@code delivered}. */
    static ByteSource shortOf(long announced, long delivered, long seed) {
        return new ByteSource() {
            @Override
            public long length() {
                return announced;
            }

            @Override
            public InputStream open() {
                return new GeneratedStream(delivered, seed, -1);
            }
        };
    }

    static byte[] sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BLOCK];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Block i holds the bytes of {@code SplittableRandom(seed + i)}; {@code failAt < 0} never fails. */
    private static final class GeneratedStream extends InputStream {
        private final long length;
        private final long seed;
        private final long failAt;
        private final byte[] block = new byte[BLOCK];
        private long position;
        private long blockIndex = -1;

        GeneratedStream(long length, long seed, long failAt) {
            this.length = length;
            this.seed = seed;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (failAt >= 0 && position >= failAt) {
                throw new IOException("injected failure of the content source after " + position + " bytes");
            }
            if (position >= length) {
                return -1;
            }
            long index = position / BLOCK;
            if (index != blockIndex) {
                new SplittableRandom(seed + index).nextBytes(block);
                blockIndex = index;
            }
            int inBlock = (int) (position % BLOCK);
            long limit = failAt >= 0 ? Math.min(length, failAt) : length;
            int n = (int) Math.min(Math.min(count, BLOCK - inBlock), limit - position);
            System.arraycopy(block, inBlock, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
