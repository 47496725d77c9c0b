package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

    @Test
    void randomKeyHasClampedRAndRightSizes() {
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            MasterKey key = MasterKey.random(rnd);
            assertThat(key.encryptKey()).hasSize(32);
            assertThat(key.macK()).hasSize(16);
            byte[] r = key.macR();
            assertThat(r).hasSize(16);
            for (int j : new int[] {3, 7, 11, 15}) {
                assertThat(r[j] & 0xf0).as("byte %d of r", j).isZero();
            }
            for (int j : new int[] {4, 8, 12}) {
                assertThat(r[j] & 0x03).as("byte %d of r", j).isZero();
            }
        }
    }

    @Test
    void accessorsReturnCopies() {
        MasterKey key = MasterKey.random(new SecureRandom());
        byte[] e = key.encryptKey();
        e[0] ^= 1;
        assertThat(key.encryptKey()).isNotEqualTo(e);
        byte[] input = new byte[32];
        input[0] = 1;
        MasterKey of = MasterKey.of(input, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        input[0] = 9;
        assertThat(of.encryptKey()[0]).isEqualTo((byte) 1);
    }

    @Test
    void rejectsWrongLengthsAndZeroKeys() {
        byte[] k16 = new byte[16];
        k16[5] = 1;
        byte[] k32 = new byte[32];
        k32[5] = 1;
        assertThatThrownBy(() -> MasterKey.of(new byte[31], k16, k16)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKey.of(k32, new byte[17], k16)).hasMessageContaining("MAC key k");
        assertThatThrownBy(() -> MasterKey.of(k32, k16, new byte[15])).hasMessageContaining("MAC key r");
        assertThatThrownBy(() -> MasterKey.of(new byte[32], k16, k16)).hasMessageContaining("all zero");
        assertThatThrownBy(() -> MasterKey.of(k32, new byte[16], k16)).hasMessageContaining("all zero");
        assertThatThrownBy(() -> MasterKey.of(k32, k16, new byte[16])).hasMessageContaining("all zero");
        assertThatThrownBy(() -> MasterKey.of(null, k16, k16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesKeyBytes() {
        MasterKey key = MasterKey.random(new SecureRandom());
        String s = key.toString();
        HexFormat hex = HexFormat.of();
        assertThat(s).doesNotContain(hex.formatHex(key.encryptKey()).substring(0, 8))
                .doesNotContain(hex.formatHex(key.macK()).substring(0, 8))
                .doesNotContain(hex.formatHex(key.macR()).substring(0, 8))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(key.encryptKey()).substring(0, 8));
    }

    @Test
    void equalityByContent() {
        MasterKey a = MasterKey.random(new SecureRandom());
        MasterKey b = MasterKey.of(a.encryptKey(), a.macK(), a.macR());
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(MasterKey.random(new SecureRandom())).isNotEqualTo(a);
    }
}
