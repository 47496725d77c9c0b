package dev.cairn.repository.chunker;

import dev.cairn.repository.crypto.Crypto;
import dev.cairn.repository.crypto.MasterKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Not a test: a rough throughput check of the hot codecs on 64 MiB. Run with
 * {@code java -cp target/classes:target/test-classes:<bcprov> dev.cairn.repository.chunker.CodecBenchmark}.
 */
public final class CodecBenchmark {

    private static final int SIZE = 64 * 1024 * 1024;
    private static final int ROUNDS = 5;

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        Chunker chunker = new Chunker(Polynomial.random(new SecureRandom()));
        Crypto crypto = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        for (int round = 0; round < ROUNDS; round++) {
            System.out.printf("round %d:%n", round);
            report("  chunker", () -> chunk(chunker, data));
            report("  chunker+SHA-256", () -> chunkAndHash(chunker, data));
            report("  seal 1 MiB blobs", () -> seal(crypto, data, 1 << 20));
            report("  seal 4 KiB blobs", () -> seal(crypto, data, 4096));
            byte[][] sealed = sealAll(crypto, data, 1 << 20);
            report("  open 1 MiB blobs", () -> open(crypto, sealed));
            report("  AES-CTR only, Cipher per call, 1 MiB", () -> ctr(data, 1 << 20, false));
            report("  AES-CTR only, Cipher reused, 1 MiB", () -> ctr(data, 1 << 20, true));
            report("  AES-CTR only, Cipher per call, 4 KiB", () -> ctr(data, 4096, false));
            report("  AES-CTR only, Cipher reused, 4 KiB", () -> ctr(data, 4096, true));
            report("  SHA-256 only", () -> MessageDigest.getInstance("SHA-256").digest(data).length);
        }
    }

    interface Work {
        long run() throws Exception;
    }

    private static void report(String name, Work work) throws Exception {
        long t0 = System.nanoTime();
        long sink = work.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-42s %8.1f MB/s  (%d)%n", name, SIZE / 1e6 / seconds, sink);
    }

    private static long chunk(Chunker chunker, byte[] data) throws IOException {
        chunker.reset(new ByteArrayInputStream(data));
        long n = 0;
        for (byte[] c = chunker.next(); c != null; c = chunker.next()) {
            n++;
        }
        return n;
    }

    private static long chunkAndHash(Chunker chunker, byte[] data) throws Exception {
        chunker.reset(new ByteArrayInputStream(data));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long n = 0;
        for (byte[] c = chunker.next(); c != null; c = chunker.next()) {
            n += sha.digest(c)[0];
        }
        return n;
    }

    private static long seal(Crypto crypto, byte[] data, int blob) {
        long n = 0;
        for (int off = 0; off < data.length; off += blob) {
            n += crypto.seal(data, off, Math.min(blob, data.length - off)).length;
        }
        return n;
    }

    private static byte[][] sealAll(Crypto crypto, byte[] data, int blob) {
        byte[][] out = new byte[data.length / blob][];
        for (int i = 0; i < out.length; i++) {
            out[i] = crypto.seal(data, i * blob, blob);
        }
        return out;
    }

    private static long open(Crypto crypto, byte[][] sealed) throws Exception {
        long n = 0;
        for (byte[] s : sealed) {
            n += crypto.open(s).length;
        }
        return n;
    }

    private static long ctr(byte[] data, int blob, boolean reuse) throws Exception {
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        byte[] iv = new byte[16];
        iv[0] = 1;
        byte[] out = new byte[blob];
        Cipher shared = Cipher.getInstance("AES/CTR/NoPadding");
        long n = 0;
        for (int off = 0; off < data.length; off += blob) {
            Cipher c = reuse ? shared : Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            n += c.doFinal(data, off, blob, out, 0);
        }
        return n;
    }
}
