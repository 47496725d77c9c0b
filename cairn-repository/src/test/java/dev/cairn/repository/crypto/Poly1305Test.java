package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class Poly1305Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void agreesWithBouncyCastlePoly1305AesOnRandomInputs() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        org.bouncycastle.crypto.macs.Poly1305 bc = new org.bouncycastle.crypto.macs.Poly1305(AESEngine.newInstance());
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
            int len = i < 200 ? i : rnd.nextInt(i % 10 == 0 ? 100_000 : 300);
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

            byte[] actual = new byte[20];
            new Poly1305Aes(r, k).tag(nonce, 0, msg, 3, len, actual, 2);
            assertThat(Arrays.copyOfRange(actual, 2, 18)).as("seed %d iteration %d length %d", seed, i, len)
                    .isEqualTo(expected);
        }
    }
}
