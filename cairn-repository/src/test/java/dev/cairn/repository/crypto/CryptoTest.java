package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class CryptoTest {

    private static final HexFormat HEX = HexFormat.of();

    /** restic v0.14.0 internal/crypto/crypto_int_test.go: Poly1305-AES vectors from Bernstein's paper. */
    private static final String[][] POLY1305_VECTORS = {
        // msg, r, k, nonce, mac
        {"f3f6", "851fc40c3467ac0be05cc20404f3f700", "ec074c835580741701425b623235add6",
            "fb447350c4e868c52ac3275cf9d4327e", "f4c633c3044fc145f84f335cb81953de"},
        {"", "a0f30800 00f46400 d0c7e907 6c834403", "75deaa25c09f208e1dc4ce6b5cad3fbf",
            "61ee09218d29b0aaed7e154a2c5509cc", "dd3fab2251f11ac759f0887129cc2ee7"},
        {"663cea190ffb83d89593f3f476b6bc24d7e679107ea26adb8caf6652d0656136", "48443d0bb0d21109c89a100b5ce2c208",
            "6acb5f61a7176dd320c5c1eb2edcdc74", "ae212a55399729595dea458bc621ff0e", "0ee1c16bb73f0f4fd19881753c01cdbe"},
        {"ab0812724a7f1e342742cbed374d94d136c6b8795d45b3819830f2c04491faf0990c62e48b8018b2c3e4a0fa3134cb67fa83e1"
            + "58c994d961c4cb21095c1bf9", "12976a08c4426d0ce8a82407c4f48207", "e1a5668a4d5b66a5f68cc5424ed5982d",
            "9ae831e743978d3a23527c7128149e3a", "5154ad0d2cb26e01274fc51148491f1b"},
    };

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static MasterKey resticTestKey() {
        return MasterKey.of(hex("303e8687b1d7db18421bdc6bb8588ccadac4d59ee87b8ff70c44e635790cafef"),
                hex("ef4d8824cb80b2bcc5fbff8a9b12a42c"), hex("cc8d4b948ee0ebfe1d415de921d10353"));
    }

    private static final byte[] RESTIC_SEALED = hex("69fb41c62d12def4593bd71757138606338f621aeaeb39da0fe4f99233f8037a"
            + "54ea63338a813bcf3f75d8c3cc75dddf8750");

    @Test
    void poly1305AesMatchesResticVectors() {
        for (String[] v : POLY1305_VECTORS) {
            byte[] tag = Poly1305Aes.tag(hex(v[1]), hex(v[2]), hex(v[3]), hex(v[0]));
            assertThat(HEX.formatHex(tag)).as("vector msg=%s", v[0]).isEqualTo(v[4]);
            for (Poly1305Function impl : new Poly1305Function[] {new JdkPoly1305(), new BouncyCastlePoly1305()}) {
                byte[] msg = hex(v[0]);
                byte[] out = new byte[16];
                new Poly1305Aes(hex(v[1]), hex(v[2]), impl).tag(hex(v[3]), 0, msg, 0, msg.length, out, 0);
                assertThat(HEX.formatHex(out)).as("%s vector msg=%s", impl.getClass().getSimpleName(), v[0])
                        .isEqualTo(v[4]);
            }
        }
    }

    @Test
    void poly1305AesClampsAnUnclampedR() {
        // restic >= 0.17 stores r unclamped; the tag must be the same as with the clamped r.
        String[] v = POLY1305_VECTORS[2];
        byte[] r = hex(v[1]);
        for (int i = 3; i < 16; i += 4) {
            r[i] |= (byte) 0xf0;
        }
        for (int i = 4; i < 16; i += 4) {
            r[i] |= 0x03;
        }
        assertThat(HEX.formatHex(Poly1305Aes.tag(r, hex(v[2]), hex(v[3]), hex(v[0])))).isEqualTo(v[4]);
    }

    @Test
    void opensResticDecryptionVector() throws Exception {
        Crypto crypto = new Crypto(resticTestKey(), new SecureRandom());
        assertThat(new String(crypto.open(RESTIC_SEALED), StandardCharsets.UTF_8)).isEqualTo("Dies ist ein Test!");
    }

    @Test
    void opensAtAnOffset() throws Exception {
        Crypto crypto = new Crypto(resticTestKey(), new SecureRandom());
        byte[] padded = new byte[RESTIC_SEALED.length + 10];
        System.arraycopy(RESTIC_SEALED, 0, padded, 7, RESTIC_SEALED.length);
        assertThat(new String(crypto.open(padded, 7, RESTIC_SEALED.length), StandardCharsets.UTF_8))
                .isEqualTo("Dies ist ein Test!");
    }

    @Test
    void sealIsCtrUnderTheIvAndMacOverCiphertext() throws Exception {
        // Re-seal the known plaintext and check the layout against the vector's own IV: same IV => same bytes.
        byte[] iv = java.util.Arrays.copyOf(RESTIC_SEALED, 16);
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(iv, 0, bytes, 0, bytes.length);
            }
        };
        Crypto crypto = new Crypto(resticTestKey(), fixed);
        assertThat(crypto.seal("Dies ist ein Test!".getBytes(StandardCharsets.UTF_8))).isEqualTo(RESTIC_SEALED);
    }

    @Test
    void sealsTheSameBytesBeforeAndAfterTheEngineLeavesItsWarmUpSteps() throws Exception {
        // An engine runs AES-CTR in 1 KiB pieces for its first 32 MiB, in 16 KiB pieces after: same bytes either way.
        byte[] iv = new byte[16];
        new Random(3).nextBytes(iv);
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(iv, 0, bytes, 0, bytes.length);
            }
        };
        MasterKey key = MasterKey.random(new SecureRandom());
        byte[] plain = new byte[(3 << 20) + 5];
        new Random(4).nextBytes(plain);
        byte[] whileWarming = new Crypto(key, fixed).seal(plain);
        Crypto warmed = new Crypto(key, fixed);
        for (int i = 0; i < 12; i++) {
            warmed.seal(plain); // 36 MiB through the single engine this thread uses
        }
        byte[] afterWarmUp = warmed.seal(plain);
        assertThat(afterWarmUp).isEqualTo(whileWarming);
        assertThat(new Crypto(key, new SecureRandom()).open(afterWarmUp)).isEqualTo(plain);
        assertThat(warmed.open(whileWarming)).isEqualTo(plain);
    }

    @Test
    void roundTripsVariousSizes() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Crypto crypto = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        for (int size : new int[] {0, 1, 15, 16, 17, 4096, (1 << 20) + 3}) {
            byte[] plain = new byte[size];
            rnd.nextBytes(plain);
            byte[] sealed = crypto.seal(plain);
            assertThat(sealed).as("seed %d size %d", seed, size).hasSize(size + Crypto.OVERHEAD);
            assertThat(crypto.open(sealed)).as("seed %d size %d", seed, size).isEqualTo(plain);
        }
    }

    @Test
    void sealsASlice() throws Exception {
        Crypto crypto = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        byte[] data = "xxhello worldyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(crypto.open(crypto.seal(data, 2, 11)), StandardCharsets.US_ASCII))
                .isEqualTo("hello world");
    }

    @Test
    void freshIvEveryTime() {
        Crypto crypto = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        byte[] a = crypto.seal(new byte[10]);
        byte[] b = crypto.seal(new byte[10]);
        assertThat(java.util.Arrays.copyOf(a, 16)).isNotEqualTo(java.util.Arrays.copyOf(b, 16));
    }

    @Test
    void rejectsAnySingleFlippedBit() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Crypto crypto = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        for (int round = 0; round < 300; round++) {
            byte[] plain = new byte[rnd.nextInt(200)];
            rnd.nextBytes(plain);
            byte[] sealed = crypto.seal(plain);
            int bit = rnd.nextInt(sealed.length * 8);
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> crypto.open(sealed))
                    .as("seed %d round %d bit %d of %d bytes", seed, round, bit, sealed.length)
                    .isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void rejectsEveryFlippedBitOfTheResticVector() {
        Crypto crypto = new Crypto(resticTestKey(), new SecureRandom());
        for (int bit = 0; bit < RESTIC_SEALED.length * 8; bit++) {
            byte[] sealed = RESTIC_SEALED.clone();
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
            int b = bit;
            assertThatThrownBy(() -> crypto.open(sealed)).as("bit %d", b).isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void rejectsWrongKey() {
        Crypto a = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        Crypto b = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        byte[] sealed = a.seal(new byte[100]);
        assertThatThrownBy(() -> b.open(sealed)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void rejectsAllZeroIv() {
        Crypto crypto = new Crypto(resticTestKey(), new SecureRandom());
        byte[] sealed = RESTIC_SEALED.clone();
        java.util.Arrays.fill(sealed, 0, 16, (byte) 0);
        assertThatThrownBy(() -> crypto.open(sealed)).isInstanceOf(AEADBadTagException.class)
                .hasMessageContaining("all-zero IV");
    }

    @Test
    void neverSealsWithAZeroIv() throws Exception {
        // A random source that first yields zeros: the IV must be redrawn, not used.
        SecureRandom zerosFirst = new SecureRandom() {
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, calls++ < 2 ? 0 : (byte) 7);
            }
        };
        Crypto crypto = new Crypto(resticTestKey(), zerosFirst);
        byte[] sealed = crypto.seal(new byte[5]);
        assertThat(java.util.Arrays.copyOf(sealed, 16)).containsOnly(7);
        assertThat(crypto.open(sealed)).hasSize(5);
    }

    @Test
    void rejectsTooShortInput() {
        Crypto crypto = new Crypto(resticTestKey(), new SecureRandom());
        for (int len = 0; len < Crypto.OVERHEAD; len++) {
            byte[] data = new byte[len];
            java.util.Arrays.fill(data, (byte) 1);
            assertThatThrownBy(() -> crypto.open(data)).as("length %d", len)
                    .isInstanceOf(AEADBadTagException.class).hasMessageContaining("fewer than");
        }
    }

    @Test
    void emptyPlaintextIsJustIvAndMac() throws Exception {
        Crypto crypto = new Crypto(resticTestKey(), new SecureRandom());
        byte[] sealed = crypto.seal(new byte[0]);
        assertThat(sealed).hasSize(Crypto.OVERHEAD);
        assertThat(crypto.open(sealed)).isEmpty();
    }

    @Test
    void sealAndOpenFromManyThreads() throws Exception {
        Crypto crypto = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                Random rnd = new Random(seed);
                try {
                    for (int i = 0; i < 200; i++) {
                        byte[] plain = new byte[rnd.nextInt(5000)];
                        rnd.nextBytes(plain);
                        if (!java.util.Arrays.equals(crypto.open(crypto.seal(plain)), plain)) {
                            throw new AssertionError("thread " + seed + " iteration " + i + " round trip differs");
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
    }
}
