package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class Poly1305Test {

    @Test
    void bothImplementationsAgreeWithBouncyCastlePoly1305AesOnRandomInputs() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        org.bouncycastle.crypto.macs.Poly1305 bc = new org.bouncycastle.crypto.macs.Poly1305(AESEngine.newInstance());
        Poly1305Function jdk = new JdkPoly1305();
        Poly1305Function fallback = new BouncyCastlePoly1305();
        for (int i = 0; i < 3000; i++) {
            byte[] r = new byte[16];
            byte[] k = new byte[16];
            byte[] nonce = new byte[16];
            rnd.nextBytes(r);
            rnd.nextBytes(k);
            rnd.nextBytes(nonce);
            if (i % 7 == 0) {
                Arrays.fill(r, (byte) 0xff); // maximal r after clamping: largest limb products
            }
            // The first 200 cover every tail length; then lengths up to 70 000, across JdkPoly1305's 16 KiB steps,
            // most of them not a multiple of the 16-byte block.
            int len = i < 200 ? i : rnd.nextInt(i % 10 == 0 ? 70_001 : 300);
            byte[] msg = new byte[len + 5];
            if (i % 5 == 0) {
                Arrays.fill(msg, (byte) 0xff); // maximal message limbs
            } else {
                rnd.nextBytes(msg);
            }
            byte[] key = new byte[32];
            System.arraycopy(r, 0, key, 0, 16);
            System.arraycopy(k, 0, key, 16, 16);
            bc.init(new ParametersWithIV(new KeyParameter(key), nonce));
            bc.update(msg, 3, len);
            byte[] expected = new byte[16];
            bc.doFinal(expected, 0);

            for (Poly1305Function impl : List.of(jdk, fallback)) {
                byte[] actual = new byte[20];
                new Poly1305Aes(r, k, impl).tag(nonce, 0, msg, 3, len, actual, 2);
                assertThat(Arrays.copyOfRange(actual, 2, 18))
                        .as("%s seed %d iteration %d length %d", impl.getClass().getSimpleName(), seed, i, len)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void jdkInstanceAgreesBeforeAndAfterItLeavesItsWarmUpSteps() {
        // JdkPoly1305 feeds 1 KiB steps for an instance's first 32 MiB and 64 KiB steps after; 40 MiB crosses over.
        Random rnd = new Random(5);
        byte[] msg = new byte[(1 << 20) + 7];
        Poly1305Function jdk = new JdkPoly1305();
        Poly1305Function bc = new BouncyCastlePoly1305();
        for (int i = 0; i < 40; i++) {
            rnd.nextBytes(msg);
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            byte[] expected = new byte[16];
            bc.tag(key.clone(), msg, 3, msg.length - 3, expected, 0);
            byte[] actual = new byte[16];
            jdk.tag(key.clone(), msg, 3, msg.length - 3, actual, 0);
            assertThat(actual).as("message %d", i).isEqualTo(expected);
        }
    }

    @Test
    void zeroKeyHalvesAreAcceptedAsResticDoes() {
        // restic never rejects a key: r = 0 gives tag = s, and the JDK's weak-key check must be off.
        byte[] msg = "abc".getBytes(StandardCharsets.US_ASCII);
        for (Poly1305Function impl : List.of(new JdkPoly1305(), new BouncyCastlePoly1305())) {
            byte[] key = new byte[32];
            Arrays.fill(key, 16, 32, (byte) 7);
            byte[] tag = new byte[16];
            impl.tag(key, msg, 0, msg.length, tag, 0);
            assertThat(tag).as(impl.getClass().getSimpleName()).isEqualTo(Arrays.copyOfRange(key, 16, 32));
            impl.tag(new byte[32], msg, 0, msg.length, tag, 0);
            assertThat(tag).as(impl.getClass().getSimpleName()).isEqualTo(new byte[16]);
        }
    }

    @Test
    void theTestJvmFlagsSelectTheJdkIntrinsic() {
        // The tests run with the launcher's flags (cairn.jvm.flags); if --add-opens for com.sun.crypto.provider
        // went missing from either, every MAC would silently run at BouncyCastle's speed.
        assertThat(Poly1305Function.SELECTED).isEqualTo(Poly1305Function.Implementation.JDK_INTRINSIC);
        assertThat(Poly1305Function.create()).isInstanceOf(JdkPoly1305.class);
    }

    @Test
    void withoutTheAddOpensFlagBouncyCastleIsSelected() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SelectedImplementation.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("BOUNCY_CASTLE ok");
    }

    /** Child JVM entry point: prints the selected implementation and whether it computes a correct tag. */
    static final class SelectedImplementation {
        public static void main(String[] args) {
            byte[] r = new byte[16];
            byte[] k = new byte[16];
            byte[] nonce = new byte[16];
            new Random(1).nextBytes(r);
            byte[] msg = new byte[1000];
            byte[] viaSelected = Poly1305Aes.tag(r, k, nonce, msg);
            byte[] viaBc = new byte[16];
            new Poly1305Aes(r, k, new BouncyCastlePoly1305()).tag(nonce, 0, msg, 0, msg.length, viaBc, 0);
            System.out.println(Poly1305Function.SELECTED + (Arrays.equals(viaSelected, viaBc) ? " ok" : " WRONG"));
        }
    }
}
