package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

class KdfTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] salt0to63() {
        byte[] salt = new byte[64];
        for (int i = 0; i < 64; i++) {
            salt[i] = (byte) i;
        }
        return salt;
    }

    @Test
    void bouncyCastleScryptMatchesRfc7914() {
        // RFC 7914 §12, second vector.
        byte[] out = SCrypt.generate("password".getBytes(StandardCharsets.US_ASCII),
                "NaCl".getBytes(StandardCharsets.US_ASCII), 1024, 8, 16, 64);
        assertThat(HEX.formatHex(out)).isEqualTo("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    }

    @Test
    void derivedBytesMapToEncryptThenMacKThenMacR() {
        // Expected bytes from Python's hashlib.scrypt (OpenSSL), an independent implementation:
        // hashlib.scrypt(b'password', salt=bytes(range(64)), n=16, r=1, p=1, dklen=64)
        String expected = "5e3717a12a1e3834254a30455a037a8a74703e6e09cab9a9c3d0663d5dce9e58"
                + "2decbe2cb9bff07b185e4cc06c79b5a6" + "768a87af641b812fb28c7aa5ec6a69a0";
        MasterKey key = Kdf.deriveUserKey("password".toCharArray(), salt0to63(), new ScryptParams(16, 1, 1));
        assertThat(HEX.formatHex(key.encryptKey())).isEqualTo(expected.substring(0, 64));
        assertThat(HEX.formatHex(key.macK())).isEqualTo(expected.substring(64, 96));
        // r is kept as derived (not clamped here): restic 0.14 clamps it at use, and so do we.
        assertThat(HEX.formatHex(key.macR())).isEqualTo(expected.substring(96, 128));
    }

    @Test
    void passwordIsEncodedAsUtf8() {
        // hashlib.scrypt('pässwörd'.encode(), salt=bytes(range(64)), n=16, r=1, p=1, dklen=64)[:32]
        MasterKey key = Kdf.deriveUserKey("pässwörd".toCharArray(), salt0to63(), new ScryptParams(16, 1, 1));
        assertThat(HEX.formatHex(key.encryptKey()))
                .isEqualTo("fe7c02f199f05c8ae0f5cd65f123ffe3c3c741756dbb25bfdc5c4c682cfa20b9");
    }

    @Test
    void leavesTheCallersPasswordAlone() {
        char[] pw = "secret".toCharArray();
        Kdf.deriveUserKey(pw, salt0to63(), new ScryptParams(16, 1, 1));
        assertThat(new String(pw)).isEqualTo("secret");
    }

    @Test
    void rejectsSaltOfWrongLength() {
        assertThatThrownBy(() -> Kdf.deriveUserKey("x".toCharArray(), new byte[63], new ScryptParams(16, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
        assertThatThrownBy(() -> Kdf.deriveUserKey("x".toCharArray(), new byte[65], new ScryptParams(16, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsUnpairedSurrogate() {
        assertThatThrownBy(() -> Kdf.deriveUserKey(new char[] {'a', '\ud800'}, salt0to63(),
                new ScryptParams(16, 1, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void differentSaltsGiveDifferentKeys() {
        byte[] other = salt0to63();
        other[63] ^= 1;
        ScryptParams p = new ScryptParams(16, 1, 1);
        assertThat(Kdf.deriveUserKey("pw".toCharArray(), other, p))
                .isNotEqualTo(Kdf.deriveUserKey("pw".toCharArray(), salt0to63(), p));
        assertThat(Arrays.equals(other, salt0to63())).isFalse();
    }
}
