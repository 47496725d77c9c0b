package dev.cairn.repository.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Not a test: BouncyCastle's Poly1305 against the JDK's intrinsified one, side by side, for the blob sizes restic
 * repositories hold. Each size runs in rounds; the first round includes JIT warm-up (what a short command sees).
 * Rates are per second of this thread's CPU time, not wall time, so a busy machine does not skew the ratio.
 * Run with {@code bench/poly1305.sh}, or {@code java --add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED
 * -cp target/classes:target/test-classes:<bcprov> dev.cairn.repository.crypto.Poly1305Benchmark}.
 */
public final class Poly1305Benchmark {

    private static final int TOTAL = 256 * 1024 * 1024;
    private static final int ROUNDS = 4;
    private static final int[] SIZES = {1 << 20, 64 * 1024, 4096, 300};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Poly1305Benchmark() {
    }

    public static void main(String[] args) {
        System.out.printf("selected: %s%n", Poly1305Function.SELECTED);
        if (!JdkPoly1305.AVAILABLE) {
            System.out.println("the JDK's Poly1305 is not accessible: run with "
                    + "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED");
            System.exit(2);
        }
        byte[] data = new byte[8 << 20];
        new Random(42).nextBytes(data);
        byte[] key = new byte[32];
        new Random(7).nextBytes(key);
        Poly1305Function bc = new BouncyCastlePoly1305();
        Poly1305Function jdk = new JdkPoly1305();
        System.out.printf("%-10s %5s %14s %14s %7s%n", "blob", "round", "BC MB/cpu-s", "JDK MB/cpu-s", "JDK/BC");
        for (int round = 0; round < ROUNDS; round++) {
            for (int size : SIZES) {
                double bcRate = rate(bc, key, data, size);
                double jdkRate = rate(jdk, key, data, size);
                System.out.printf("%-10s %5d %14.0f %14.0f %6.1fx%n", size + " B", round, bcRate, jdkRate,
                        jdkRate / bcRate);
            }
        }
    }

    /** MB per CPU second for tagging {@link #TOTAL} bytes as blobs of {@code size} bytes. */
    private static double rate(Poly1305Function f, byte[] key, byte[] data, int size) {
        byte[] tag = new byte[16];
        int sink = 0;
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (long done = 0; done < TOTAL; done += size) {
            int off = (int) (done % (data.length - size));
            f.tag(key, data, off, size, tag, 0);
            sink += tag[0];
        }
        double seconds = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
        if (sink == 42) {
            System.out.print(""); // keeps the tags live
        }
        return TOTAL / 1e6 / seconds;
    }
}
