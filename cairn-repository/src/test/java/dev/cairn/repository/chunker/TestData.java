package dev.cairn.repository.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Shared generators and helpers for chunker tests. */
final class TestData {

    static final Polynomial TEST_POL = Polynomial.parse("3da3358b4dc173");

    record ExpectedChunk(long offset, int length, String sha256) {
    }

    private TestData() {
    }

    /** concat_i SHA-256("restic-chunker-test" ‖ uint64_le(i)), truncated to {@code size}: the portable vector data. */
    static byte[] sha256Counter(int size) {
        byte[] out = new byte[size];
        MessageDigest sha = sha256();
        byte[] prefix = "restic-chunker-test".getBytes(StandardCharsets.US_ASCII);
        byte[] counter = new byte[8];
        for (long i = 0; i * 32 < size; i++) {
            for (int j = 0; j < 8; j++) {
                counter[j] = (byte) (i >>> (8 * j));
            }
            sha.update(prefix);
            sha.update(counter);
            byte[] block = sha.digest();
            int off = (int) (i * 32);
            System.arraycopy(block, 0, out, off, Math.min(32, size - off));
        }
        return out;
    }

    /** The chunks restic 0.14.0 cut from 20 MiB of {@link #sha256Counter} with polynomial 3da3358b4dc173. */
    static List<ExpectedChunk> resticVectors() {
        try (InputStream in = TestData.class.getResourceAsStream("chunk-vectors-sha256ctr-20MiB-pol3da3358b4dc173.txt")) {
            if (in == null) {
                throw new IllegalStateException("test resource with restic's chunk vectors is missing");
            }
            List<ExpectedChunk> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                out.add(new ExpectedChunk(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<byte[]> chunkAll(Chunker chunker, InputStream in) throws IOException {
        chunker.reset(in);
        List<byte[]> chunks = new ArrayList<>();
        for (byte[] c = chunker.next(); c != null; c = chunker.next()) {
            chunks.add(c);
        }
        return chunks;
    }

    /** A stream over {@code data} that returns short reads of random length (1..maxRead), sometimes single bytes. */
    static InputStream choppy(byte[] data, long seed, int maxRead) {
        Random rnd = new Random(seed);
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (pos >= data.length) {
                    return -1;
                }
                int n = rnd.nextInt(10) == 0 ? 1 : 1 + rnd.nextInt(maxRead);
                n = Math.min(n, Math.min(len, data.length - pos));
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
