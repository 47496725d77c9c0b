package dev.cairn.repository.chunker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolynomialTest {

    /** restic/chunker v0.4.0 polynomials_test.go polIrredTests. */
    private static final Object[][] IRREDUCIBLE = {
        {0x38f1e565e288dfL, false}, {0x3DA3358B4DC173L, true}, {0x30a8295b9d5c91L, false},
        {0x255f4350b962cbL, false}, {0x267f776110a235L, false}, {0x2f4dae10d41227L, false},
        {0x2482734cacca49L, true}, {0x312daf4b284899L, false}, {0x29dfb6553d01d1L, false},
        {0x3548245eb26257L, false}, {0x3199e7ef4211b3L, false}, {0x362f39017dae8bL, false},
        {0x200d57aa6fdacbL, false}, {0x35e0a4efa1d275L, false}, {0x2ced55b026577fL, false},
        {0x260b012010893dL, false}, {0x2df29cbcd59e9dL, false}, {0x3f2ac7488bd429L, false},
        {0x3e5cb1711669fbL, false}, {0x226d8de57a9959L, false}, {0x3c8de80aaf5835L, false},
        {0x2026a59efb219bL, false}, {0x39dfa4d13fb231L, false}, {0x3143d0464b3299L, false},
    };

    @Test
    void irreducibilityMatchesRestic() {
        for (Object[] c : IRREDUCIBLE) {
            long f = (Long) c[0];
            assertThat(Polynomial.isIrreducible(f)).as("%x", f).isEqualTo(c[1]);
        }
    }

    @Test
    void smallPolynomials() {
        assertThat(Polynomial.isIrreducible(0b10)).isTrue(); // x
        assertThat(Polynomial.isIrreducible(0b11)).isTrue(); // x+1
        assertThat(Polynomial.isIrreducible(0b111)).isTrue(); // x^2+x+1
        assertThat(Polynomial.isIrreducible(0b101)).isFalse(); // (x+1)^2
        assertThat(Polynomial.isIrreducible(0b1011)).isTrue(); // x^3+x+1
        assertThat(Polynomial.isIrreducible(0b1001)).isFalse(); // (x+1)(x^2+x+1)
        assertThat(Polynomial.isIrreducible(0)).isFalse();
        assertThat(Polynomial.isIrreducible(1)).isFalse();
    }

    @Test
    void irreducibleAgreesWithTrialDivisionForSmallDegrees() {
        for (long f = 2; f < 1 << 12; f++) {
            assertThat(Polynomial.isIrreducible(f)).as("%x", f).isEqualTo(trialDivisionIrreducible(f));
        }
    }

    private static boolean trialDivisionIrreducible(long f) {
        int d = Gf2.deg(f);
        for (long g = 2; Gf2.deg(g) <= d / 2; g++) {
            if (Gf2.mod(f, g) == 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void randomIsIrreducibleOfDegree53() {
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < 5; i++) {
            Polynomial p = Polynomial.random(rnd);
            assertThat(p.degree()).isEqualTo(53);
            assertThat(p.value() & 1).isEqualTo(1);
            assertThat(Polynomial.isIrreducible(p.value())).isTrue();
        }
    }

    @Test
    void randomReadsEightBytesLittleEndianAndMasks() {
        // A source yielding 0x73,0xc1,0x4d,0x8b,0x35,0xa3,0x3d,0xff: little-endian that is 0xff3da3358b4dc173;
        // masking to 54 bits and setting bits 53 and 0 gives restic's test polynomial, which is irreducible.
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                byte[] v = {0x73, (byte) 0xc1, 0x4d, (byte) 0x8b, 0x35, (byte) 0xa3, 0x3d, (byte) 0xff};
                System.arraycopy(v, 0, bytes, 0, 8);
            }
        };
        assertThat(Polynomial.random(fixed).hex()).isEqualTo("3da3358b4dc173");
    }

    @Test
    void parseAndHexRoundTrip() {
        Polynomial p = Polynomial.parse("3DA3358B4DC173");
        assertThat(p.value()).isEqualTo(0x3DA3358B4DC173L);
        assertThat(p.hex()).isEqualTo("3da3358b4dc173");
        assertThat(Polynomial.parse(p.hex())).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(Polynomial.parse("003da3358b4dc173").hex()).isEqualTo("3da3358b4dc173");
        Random rnd = new Random(1);
        for (int i = 0; i < 20; i++) {
            Polynomial r = Polynomial.random(new SecureRandom(new byte[] {(byte) rnd.nextInt()}));
            assertThat(Polynomial.parse(r.hex())).isEqualTo(r);
        }
    }

    @Test
    void parseRejectsBadInput() {
        for (String bad : new String[] {"", "0x3da3358b4dc173", "+3da3358b4dc173", "3da3358b4dc17g",
            "3da3358b4dc173 ", "10000000000000000", "38f1e565e288df", "0", "1"}) {
            assertThatThrownBy(() -> Polynomial.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Polynomial.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gf2ArithmeticMatchesResticTests() {
        assertThat(Gf2.deg(0)).isEqualTo(-1);
        for (int i = 0; i < 64; i++) {
            assertThat(Gf2.deg(1L << i)).isEqualTo(i);
        }
        // polModTests
        assertThat(Gf2.mod(10, 50)).isEqualTo(10);
        assertThat(Gf2.mod(0b101101001, 0b1010)).isEqualTo(1);
        assertThat(Gf2.mod(0x8000000000000000L, 0x8000000000000000L)).isZero();
        assertThat(Gf2.mod(0b1100001111, 0b10011)).isZero();
        // polGCDTests
        assertThat(Gf2.gcd(10, 50)).isEqualTo(2);
        assertThat(Gf2.gcd(0, 1)).isEqualTo(1);
        assertThat(Gf2.gcd(0b1010, 0b11)).isEqualTo(0b11);
        assertThat(Gf2.gcd(0b1100, 0b101)).isEqualTo(0b11);
        assertThat(Gf2.gcd(0x3DA3358B4DC173L, 0x230d2259defdL)).isEqualTo(1);
        assertThat(Gf2.gcd(0x230d2259defdL, 0x51b492b3eff2L)).isEqualTo(0b10011);
        assertThat(Gf2.gcd(0x8000000000000000L, 0x8000000000000000L)).isEqualTo(0x8000000000000000L);
        // polMulModTests
        assertThat(Gf2.mulMod(0x1230, 0x230, 0x55)).isEqualTo(0x22);
        assertThat(Gf2.mulMod(0x0eae8c07dbbb3026L, 0xd5d6db9de04771deL, 0xdd2bda3b77c9L)).isEqualTo(0x425ae8595b7aL);
    }
}
