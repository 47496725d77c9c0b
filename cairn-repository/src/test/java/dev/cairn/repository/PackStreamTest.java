package dev.cairn.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackStreamTest {

    /** A stream that hands out at most a few bytes per read, as sockets do. */
    private static InputStream trickling(byte[] data, Random random) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    private static byte[] data(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] slice(PackStream stream, long offset, int length) throws IOException {
        int at = stream.slice(offset, length);
        assertThat(at).as("slice at %d", offset).isNotNegative();
        return Arrays.copyOfRange(stream.buffer(), at, at + length);
    }

    @Test
    void contiguousSlicesCrossWindowBoundariesAndLargerOnesGrowTheBuffer() throws IOException {
        byte[] data = data(10_000, 1);
        Random random = new Random(2);
        for (boolean trickle : new boolean[] {false, true}) {
            InputStream in = trickle ? trickling(data, random) : new ByteArrayInputStream(data);
            MessageDigest sha = Id.sha256();
            PackStream stream = new PackStream(in, 0, 64, sha);
            int offset = 0;
            while (offset < data.length - 200) {
                // mostly smaller than the window, now and then several windows long
                int length = random.nextInt(10) == 0 ? 64 + random.nextInt(300) : random.nextInt(64);
                assertThat(slice(stream, offset, length)).isEqualTo(Arrays.copyOfRange(data, offset, offset + length));
                assertThat(stream.buffer().length).as("a window, or the largest slice (at most 363 bytes)")
                        .isLessThanOrEqualTo(363);
                offset += length;
            }
            assertThat(stream.rest(offset, 1 << 20)).isEqualTo(Arrays.copyOfRange(data, offset, data.length));
            assertThat(Id.of(sha.digest())).isEqualTo(Id.hash(data));
        }
    }

    @Test
    void gapsAreSkippedOverlapsAndRepeatsServedAndEveryByteHashed() throws IOException {
        byte[] data = data(5_000, 3);
        MessageDigest sha = Id.sha256();
        PackStream stream = new PackStream(trickling(data, new Random(4)), 0, 100, sha);
        assertThat(slice(stream, 10, 50)).isEqualTo(Arrays.copyOfRange(data, 10, 60));
        assertThat(slice(stream, 10, 50)).as("the same range again").isEqualTo(Arrays.copyOfRange(data, 10, 60));
        assertThat(slice(stream, 40, 90)).as("overlapping the previous one").isEqualTo(Arrays.copyOfRange(data, 40, 130));
        assertThat(slice(stream, 2_000, 30)).as("after a gap of many windows")
                .isEqualTo(Arrays.copyOfRange(data, 2_000, 2_030));
        assertThat(slice(stream, 2_030, 0)).isEmpty();
        assertThat(stream.rest(4_000, 1 << 20)).isEqualTo(Arrays.copyOfRange(data, 4_000, 5_000));
        assertThat(Id.of(sha.digest())).as("skipped bytes are hashed too").isEqualTo(Id.hash(data));
    }

    @Test
    void offsetsAreFileOffsetsFromTheBase() throws IOException {
        byte[] data = data(1_000, 5);
        PackStream stream = new PackStream(new ByteArrayInputStream(data, 300, 700), 300, 64, null);
        assertThat(slice(stream, 300, 20)).isEqualTo(Arrays.copyOfRange(data, 300, 320));
        assertThat(slice(stream, 900, 100)).isEqualTo(Arrays.copyOfRange(data, 900, 1_000));
        assertThatThrownBy(() -> stream.slice(899, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slicesPastTheEndReportMinusOne() throws IOException {
        byte[] data = data(500, 6);
        PackStream stream = new PackStream(new ByteArrayInputStream(data), 0, 64, null);
        assertThat(slice(stream, 0, 100)).isEqualTo(Arrays.copyOf(data, 100));
        assertThat(stream.slice(450, 51)).as("ends one byte after the stream").isEqualTo(-1);
        assertThat(stream.slice(600, 1)).as("starts after the stream").isEqualTo(-1);
        assertThat(stream.rest(600, 10)).isEmpty();
    }

    @Test
    void restKeepsOnlyTheLastBytesButHashesAll() throws IOException {
        byte[] data = data(20_000, 7);
        MessageDigest sha = Id.sha256();
        PackStream stream = new PackStream(trickling(data, new Random(8)), 0, 64, sha);
        byte[] tail = stream.rest(0, 1_000);
        assertThat(tail).isEqualTo(Arrays.copyOfRange(data, 19_000, 20_000));
        assertThat(stream.buffer().length).as("bounded by max + window").isLessThanOrEqualTo(1_064);
        assertThat(Id.of(sha.digest())).isEqualTo(Id.hash(data));
    }
}
