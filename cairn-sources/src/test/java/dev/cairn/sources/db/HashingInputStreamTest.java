package dev.cairn.sources.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashingInputStreamTest {

    @Test
    void passesEveryByteOnAndHashesThemAcrossManyBlocks() throws Exception {
        byte[] data = new byte[HashingInputStream.BLOCK * (HashingInputStream.AHEAD + 3) + 12_345];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (HashingInputStream in = new HashingInputStream(new TrickleStream(data))) {
            byte[] buf = new byte[100_003]; // not a divisor of the block size: reads straddle blocks
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                copy.write(buf, 0, n);
            }
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.size()).isEqualTo(data.length);
            assertThat(in.sha256()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(data)));
        }
        assertThat(copy.toByteArray()).isEqualTo(data);
    }

    @Test
    void reusesItsBlocksInsteadOfAllocatingOnePerMebibyte() throws Exception {
        int blocks = 4 * HashingInputStream.POOL;
        byte[] data = new byte[HashingInputStream.BLOCK * blocks];
        new Random(3).nextBytes(data);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(data))) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha.update(buf, 0, n); // a reused block must not hand out stale or overwritten bytes
                total += n;
            }
            assertThat(total).isEqualTo(data.length);
            assertThat(in.allocated()).isLessThanOrEqualTo(HashingInputStream.POOL);
            assertThat(in.sha256()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
            assertThat(HexFormat.of().formatHex(sha.digest(data))).isEqualTo(in.sha256());
        }
    }

    @Test
    void holdsOneBlockUntilTheConsumerStartsReading() throws Exception {
        byte[] data = new byte[HashingInputStream.BLOCK * 20];
        new Random(11).nextBytes(data);
        try (HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(data))) {
            Thread.sleep(300); // the pump would have filled its whole pool by now
            assertThat(in.allocated()).isEqualTo(HashingInputStream.BEFORE_FIRST_READ);
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.allocated()).isGreaterThan(HashingInputStream.BEFORE_FIRST_READ)
                    .isLessThanOrEqualTo(HashingInputStream.POOL);
        }
    }

    @Test
    void emptyStream() throws Exception {
        try (HashingInputStream in = new HashingInputStream(InputStream.nullInputStream())) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.size()).isZero();
            assertThat(in.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
    }

    @Test
    void theToolsReadFailureReachesTheReaderAfterTheDataBeforeIt() throws Exception {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[10]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("pipe broke");
            }
        });
        try (HashingInputStream in = new HashingInputStream(failing)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessage("pipe broke");
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("pipe broke");
            assertThatThrownBy(in::sha256).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingEarlyStopsTheReaderAndClosesTheSource() throws Exception {
        // endless source: the reader fills its queue and then waits; close must release it and close the source
        boolean[] sourceClosed = {false};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }

            @Override
            public void close() {
                sourceClosed[0] = true;
            }
        };
        HashingInputStream in = new HashingInputStream(endless);
        assertThat(in.read(new byte[10])).isEqualTo(10);
        in.close();
        assertThat(sourceClosed[0]).isTrue();
        assertThatThrownBy(() -> in.read(new byte[1])).isInstanceOf(IOException.class);
        assertThatThrownBy(in::sha256).isInstanceOf(IllegalStateException.class);
    }

    /** Gives at most 64 KiB per read, as a pipe does. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 65_536));
        }
    }
}
