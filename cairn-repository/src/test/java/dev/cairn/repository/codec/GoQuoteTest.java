package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoQuoteTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    /** Expected outputs are Go 1.19 {@code strconv.Quote} results (hex input, quoted output). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "                 | `\"\"`",
            "61226222         | `\"a\\\"b\\\"\"`",
            "6261636b5c       | `\"back\\\\\"`",
            "070809 0a0b0c0d  | `\"\\a\\b\\t\\n\\v\\f\\r\"`",
            "00011f7f         | `\"\\x00\\x01\\x1f\\x7f\"`",
            "626164ff62797465 | `\"bad\\xffbyte\"`",
            "e280a8           | `\"\\u2028\"`",
            "c2a0c2adc2a1     | `\"\\u00a0\\u00ad¡\"`",
            "636166c3a9       | `\"café\"`",
            "f09f9880         | `\"😀\"`",
            "efbfbd           | `\"\uFFFD\"`",
            "eda080           | `\"\\xed\\xa0\\x80\"`",
            "c0af             | `\"\\xc0\\xaf\"`",
            "f4908080         | `\"\\xf4\\x90\\x80\\x80\"`",
            "e282             | `\"\\xe2\\x82\"`",
            "efbbbf           | `\"\\ufeff\"`",
            "e2808b           | `\"\\u200b\"`",
            "e38080           | `\"\\u3000\"`",
            "f3a08081         | `\"\\U000e0001\"`",
            "3c3e26           | `\"<>&\"`",
            "27               | `\"'\"`",
    })
    void quotesLikeStrconvQuote(String hexInput, String expected) {
        byte[] raw = hexInput == null ? new byte[0] : hex(hexInput.replace(" ", ""));
        assertThat(GoQuote.quote(raw)).isEqualTo(expected);
        assertThat(GoQuote.unquote(expected)).containsExactly(raw);
    }

    @Test
    void unquoteAcceptsEveryGoEscape() {
        assertThat(GoQuote.unquote("\"\\101\\x42\\u0043\\U00000044\\377\\xFF\"")).containsExactly(
                'A', 'B', 'C', 'D', 0xff, 0xff);
        assertThat(GoQuote.unquote("\"\\u00e9\"")).containsExactly("é".getBytes(StandardCharsets.UTF_8));
        assertThat(GoQuote.unquote("\"raw\ttab\"")).containsExactly("raw\ttab".getBytes(StandardCharsets.UTF_8));
        assertThat(GoQuote.unquote("\"\ud800\"")).containsExactly(0xef, 0xbf, 0xbd);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`a`", "`\"a`", "`\"a\"b\"`", "`\"\\'\"`", "`\"\\q\"`", "`\"\\x4\"`", "`\"\\xg0\"`", "`\"\\400\"`",
            "`\"\\12\"`", "`\"\\ud800\"`", "`\"\\U00110000\"`", "`\"\\\"`", "`\"a\nb\"`", "`\"\\x\uff11\uff11\"`",
    })
    void unquoteRejectsWhatGoRejects(String bad) {
        assertThatThrownBy(() -> GoQuote.unquote(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid Go-quoted string");
    }

    @Test
    void randomBytesRoundTripThroughQuoteAndJson() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int n = 0; n < 20_000; n++) {
            byte[] raw = randomName(random);
            String quoted = GoQuote.quote(raw);
            String context = "seed " + seed + ", iteration " + n + ", bytes " + HexFormat.of().formatHex(raw);
            assertThat(GoQuote.unquote(quoted)).as(context).containsExactly(raw);
            // the quoted form is always valid UTF-8 and survives a JSON round trip unchanged
            byte[] utf8 = quoted.getBytes(StandardCharsets.UTF_8);
            assertThat(GoUtf8.isValid(utf8)).as(context).isTrue();
            assertThat(quoted.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f)).as(context).isTrue();
        }
    }

    @Test
    void invalidUtf8IsFoundAfterAnAsciiPrefix() {
        byte[] ascii = "{\"name\":\"".getBytes(StandardCharsets.UTF_8);
        for (byte[] tail : new byte[][] {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xc0, (byte) 0xaf}, {'a', (byte) 0x80, 'b'}}) {
            byte[] s = java.util.Arrays.copyOf(ascii, ascii.length + tail.length);
            System.arraycopy(tail, 0, s, ascii.length, tail.length);
            assertThat(GoUtf8.isValid(s)).as(java.util.HexFormat.of().formatHex(tail)).isFalse();
        }
        assertThat(GoUtf8.isValid("{\"name\":\"caf\u00e9 \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(GoUtf8.isValid(new byte[0])).isTrue();
    }

    @Test
    void ownUtf8DecoderAgreesWithJavaOnValidText() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int n = 0; n < 20_000; n++) {
            int cp = random.nextInt(0x110000);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            long d = GoUtf8.decode(b, 0);
            assertThat(GoUtf8.rune(d)).as("seed %d cp %x", seed, cp).isEqualTo(cp);
            assertThat(GoUtf8.width(d)).as("seed %d cp %x", seed, cp).isEqualTo(b.length);
        }
    }

    private static byte[] randomName(Random random) {
        int len = random.nextInt(24);
        byte[] b = new byte[len];
        switch (random.nextInt(3)) {
            case 0 -> random.nextBytes(b);
            case 1 -> {
                for (int i = 0; i < len; i++) {
                    b[i] = (byte) random.nextInt(0x80);
                }
            }
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    int cp = random.nextInt(0x110000);
                    if (cp < 0xD800 || cp > 0xDFFF) {
                        sb.appendCodePoint(cp);
                    }
                }
                b = sb.toString().getBytes(StandardCharsets.UTF_8);
                if (b.length > 0 && random.nextBoolean()) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return Arrays.copyOf(b, b.length);
    }
}
