package dev.cairn.repository.chunker;

import static dev.cairn.repository.chunker.TestData.TEST_POL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.chunker.TestData.ExpectedChunk;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static final String ZERO_CHUNK_SHA = "07854d2fef297a06ba81685e660c332de36d5d18d546927d30daad6d7fda1541";
    private static byte[] vectorData;
    private static List<ExpectedChunk> vectors;

    @BeforeAll
    static void load() {
        vectors = TestData.resticVectors();
        vectorData = TestData.sha256Counter(20 * 1024 * 1024);
    }

    private static void assertMatchesVectors(List<byte[]> chunks, String context) {
        assertThat(chunks).as(context).hasSize(vectors.size());
        long offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ExpectedChunk e = vectors.get(i);
            byte[] c = chunks.get(i);
            assertThat(offset).as("%s: offset of chunk %d", context, i).isEqualTo(e.offset());
            assertThat(c.length).as("%s: length of chunk %d", context, i).isEqualTo(e.length());
            assertThat(TestData.sha256Hex(c)).as("%s: SHA-256 of chunk %d", context, i).isEqualTo(e.sha256());
            offset += c.length;
        }
    }

    @Test
    void vectorFileIsTheExpectedOne() {
        assertThat(vectors).hasSize(12);
        assertThat(vectors.stream().mapToInt(ExpectedChunk::length).toArray()).containsExactly(914995, 1689563,
                2880302, 1239462, 752401, 2642746, 959386, 2777346, 1944434, 1576612, 967803, 2626470);
    }

    @Test
    void matchesResticOn20MiBVector() throws IOException {
        List<byte[]> chunks = TestData.chunkAll(new Chunker(TEST_POL), new ByteArrayInputStream(vectorData));
        assertMatchesVectors(chunks, "whole-array stream");
    }

    @Test
    void splitPointsDoNotDependOnReadSizes() throws IOException {
        long seed = System.nanoTime();
        Chunker chunker = new Chunker(ChunkerTables.of(TEST_POL));
        assertMatchesVectors(TestData.chunkAll(chunker, TestData.choppy(vectorData, seed, 70_000)),
                "short reads, seed " + seed);
        // Reads of up to 100 bytes cross every phase boundary (skip, warm-up, steady state) at odd offsets.
        assertMatchesVectors(TestData.chunkAll(chunker, TestData.choppy(vectorData, seed + 1, 100)),
                "tiny reads, seed " + (seed + 1));
    }

    @Test
    void zerosAreCutAtMinSize() throws IOException {
        // restic/chunker chunks2: once the reset window's 1 has left, the hash of zeros is 0, so every chunk of zeros
        // is cut at exactly MinSize.
        byte[] zeros = new byte[32 * 1024 * 1024];
        List<byte[]> chunks = TestData.chunkAll(new Chunker(TEST_POL), new ByteArrayInputStream(zeros));
        assertThat(chunks).hasSize(64);
        for (byte[] c : chunks) {
            assertThat(c).hasSize(Chunker.MIN_SIZE);
        }
        assertThat(TestData.sha256Hex(chunks.get(0))).isEqualTo(ZERO_CHUNK_SHA);
    }

    @Test
    void emptyStreamHasNoChunk() throws IOException {
        Chunker chunker = new Chunker(TEST_POL);
        chunker.reset(InputStream.nullInputStream());
        assertThat(chunker.next()).isNull();
        assertThat(chunker.next()).isNull();
    }

    @Test
    void inputShorterThanMinSizeIsOneChunk() throws IOException {
        Chunker chunker = new Chunker(TEST_POL);
        for (int size : new int[] {1, 63, 64, 1000, Chunker.MIN_SIZE - 64, Chunker.MIN_SIZE - 1}) {
            byte[] data = Arrays.copyOf(vectorData, size);
            List<byte[]> chunks = TestData.chunkAll(chunker, new ByteArrayInputStream(data));
            assertThat(chunks).as("size %d", size).hasSize(1);
            assertThat(chunks.get(0)).as("size %d", size).isEqualTo(data);
        }
    }

    @Test
    void nextAfterEndKeepsReturningNull() throws IOException {
        Chunker chunker = new Chunker(TEST_POL);
        chunker.reset(new ByteArrayInputStream(new byte[10]));
        assertThat(chunker.next()).hasSize(10);
        assertThat(chunker.next()).isNull();
        assertThat(chunker.next()).isNull();
    }

    @Test
    void resetMidFileStartsFresh() throws IOException {
        Chunker chunker = new Chunker(TEST_POL);
        chunker.reset(new ByteArrayInputStream(new byte[5 * 1024 * 1024]));
        assertThat(chunker.next()).hasSize(Chunker.MIN_SIZE);
        assertMatchesVectors(TestData.chunkAll(chunker, new ByteArrayInputStream(vectorData)), "after reset");
        // and again, so a reused chunker is not disturbed by the buffer state of the previous file
        assertMatchesVectors(TestData.chunkAll(chunker, new ByteArrayInputStream(vectorData)), "second reuse");
    }

    @Test
    void nextBeforeResetFails() {
        assertThatThrownBy(() -> new Chunker(TEST_POL).next()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void chunksConcatenateToTheInput() throws IOException {
        long seed = System.nanoTime();
        byte[] data = mixedData(new Random(seed), 25 * 1024 * 1024);
        List<byte[]> chunks = TestData.chunkAll(new Chunker(TEST_POL), TestData.choppy(data, seed, 3_000_000));
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream(data.length);
        for (byte[] c : chunks) {
            assertThat(c.length).as("seed %d", seed).isBetween(1, Chunker.MAX_SIZE);
            joined.writeBytes(c);
        }
        assertThat(joined.toByteArray()).as("seed %d", seed).isEqualTo(data);
    }

    @Test
    void periodicDataIsCutAtMaxSize() throws IOException {
        // With a 64-byte period the window, and so the hash, repeats every 64 bytes: this pattern never hits the
        // split mask, so only MaxSize cuts.
        byte[] pattern = new byte[64];
        new Random(7).nextBytes(pattern);
        byte[] data = new byte[20 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = pattern[i & 63];
        }
        List<Integer> expected = new ReferenceChunker(TEST_POL.value()).lengths(data);
        assertThat(expected).containsExactly(Chunker.MAX_SIZE, Chunker.MAX_SIZE, 4 * 1024 * 1024);
        assertThat(lengths(TestData.chunkAll(new Chunker(TEST_POL), new ByteArrayInputStream(data))))
                .isEqualTo(expected);
        assertThat(lengths(TestData.chunkAll(new Chunker(TEST_POL), TestData.choppy(data, 3, 1 << 20))))
                .isEqualTo(expected);
    }

    @Test
    void matchesReferenceTranscriptionOnMixedData() throws IOException {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Chunker chunker = new Chunker(TEST_POL);
        ReferenceChunker reference = new ReferenceChunker(TEST_POL.value());
        for (int round = 0; round < 4; round++) {
            byte[] data = mixedData(rnd, rnd.nextInt(24 * 1024 * 1024));
            List<Integer> expected = reference.lengths(data);
            assertThat(lengths(TestData.chunkAll(chunker, TestData.choppy(data, rnd.nextLong(), 2_000_000))))
                    .as("seed %d round %d size %d", seed, round, data.length).isEqualTo(expected);
        }
    }

    @Test
    void referenceTranscriptionAgreesWithRestic() {
        // Guards the oracle itself: it must reproduce restic's own vectors.
        assertThat(new ReferenceChunker(TEST_POL.value()).lengths(vectorData))
                .isEqualTo(vectors.stream().map(ExpectedChunk::length).toList());
    }

    @Test
    void otherPolynomialCutsDifferently() throws IOException {
        Polynomial other = Polynomial.parse("2482734cacca49");
        List<byte[]> chunks = TestData.chunkAll(new Chunker(other), new ByteArrayInputStream(vectorData));
        assertThat(lengths(chunks)).isEqualTo(new ReferenceChunker(other.value()).lengths(vectorData));
        assertThat(chunks.get(0).length).isNotEqualTo(vectors.get(0).length());
    }

    @Test
    void rejectsPolynomialsTheChunkerCannotUse() {
        // x^2+x+1 is irreducible but far too small for a 64-byte window's hash.
        assertThatThrownBy(() -> ChunkerTables.of(Polynomial.parse("7"))).hasMessageContaining("degree");
    }

    /** Random bytes interleaved with runs of zeros and of short periodic patterns, to hit MinSize and MaxSize cuts. */
    private static byte[] mixedData(Random rnd, int size) {
        byte[] data = new byte[size];
        int pos = 0;
        while (pos < size) {
            int run = Math.min(size - pos, 1 + rnd.nextInt(3 * 1024 * 1024));
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    byte[] r = new byte[run];
                    rnd.nextBytes(r);
                    System.arraycopy(r, 0, data, pos, run);
                }
                case 1 -> {
                    // zeros: already there
                }
                default -> {
                    byte[] pattern = new byte[1 + rnd.nextInt(64)];
                    rnd.nextBytes(pattern);
                    for (int i = 0; i < run; i++) {
                        data[pos + i] = pattern[i % pattern.length];
                    }
                }
            }
            pos += run;
        }
        return data;
    }

    private static List<Integer> lengths(List<byte[]> chunks) {
        List<Integer> out = new ArrayList<>();
        for (byte[] c : chunks) {
            out.add(c.length);
        }
        return out;
    }
}
