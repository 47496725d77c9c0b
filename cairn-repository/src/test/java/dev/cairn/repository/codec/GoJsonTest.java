package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Id;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoJsonTest {

    private static String json(byte[] goString) {
        return new String(new GoJson().value(goString).toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void escapesLikeGoEncodingJson() {
        assertThat(json("a\"b\\c".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(GoJson.quote("\n\r\t")).isEqualTo("\"\\n\\r\\t\"");
        // Go 1.19 has no short escapes for \b and \f; hex is lower case
        assertThat(GoJson.quote("\b\f\u0000\u001f\u000b")).isEqualTo("\"\\u0008\\u000c\\u0000\\u001f\\u000b\"");
        assertThat(GoJson.quote("<a>&b")).isEqualTo("\"\\u003ca\\u003e\\u0026b\"");
        assertThat(GoJson.quote("x\u2028y\u2029z")).isEqualTo("\"x\\u2028y\\u2029z\"");
        assertThat(GoJson.quote("\u007f/'")).isEqualTo("\"\u007f/'\"");
        assertThat(GoJson.quote("café €😀 \u00a0")).isEqualTo("\"café €😀 \u00a0\"");
        assertThat(GoJson.quote("")).isEqualTo("\"\"");
    }

    @Test
    void invalidUtf8BecomesEscapedReplacementPerByte() {
        // restic master's node test vector: {0,1,2,0xfa,0xfb,0xfc} -> "\u0000\u0001\u0002\ufffd\ufffd\ufffd"
        assertThat(json(new byte[] {0, 1, 2, (byte) 0xfa, (byte) 0xfb, (byte) 0xfc}))
                .isEqualTo("\"\\u0000\\u0001\\u0002\\ufffd\\ufffd\\ufffd\"");
        // a surrogate encoded in UTF-8 (ED A0 80) and an overlong '/' (C0 AF) are invalid for Go, byte by byte
        assertThat(json(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isEqualTo("\"\\ufffd\\ufffd\\ufffd\"");
        assertThat(json(new byte[] {(byte) 0xc0, (byte) 0xaf})).isEqualTo("\"\\ufffd\\ufffd\"");
        // a truncated sequence followed by ASCII
        assertThat(json(new byte[] {(byte) 0xe2, (byte) 0x82, 'x'})).isEqualTo("\"\\ufffd\\ufffdx\"");
        // a real U+FFFD stays raw
        assertThat(json("\ufffd".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\ufffd\"");
        // a lone surrogate in a Java string is treated as U+FFFD
        assertThat(GoJson.quote("a\ud800b")).isEqualTo("\"a\ufffdb\"");
    }

    @Test
    void structureNumbersAndBytes() {
        byte[] out = new GoJson().beginObject()
                .name("a").beginArray().value(1).value(-2).unsigned(-1L).endArray()
                .name("b").beginObject().endObject()
                .name("c").nullValue()
                .name("d").value(true)
                .name("e").base64(new byte[] {(byte) 0xfb, (byte) 0xff})
                .name("f").base64(new byte[0])
                .name("g").value(Id.hash(new byte[0]))
                .name("h").beginArray().beginObject().endObject().beginObject().endObject().endArray()
                .endObject().toBytesWithNewline();
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(
                "{\"a\":[1,-2,18446744073709551615],\"b\":{},\"c\":null,\"d\":true,\"e\":\"+/8=\",\"f\":\"\","
                        + "\"g\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"h\":[{},{}]}\n");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-21T20:27:58.371921561Z, 2026-11-21T20:27:58.371921561Z",
            "2026-11-21T20:27:58.371762810Z, 2026-11-21T20:27:58.37176281Z",
            "2026-11-21T20:27:58.100Z, 2026-11-21T20:27:58.1Z",
            "2026-11-21T20:27:58Z, 2026-11-21T20:27:58Z",
            "2026-11-21T20:27:58.000000001Z, 2026-11-21T20:27:58.000000001Z",
            "2026-11-21T20:27:58.000120Z, 2026-11-21T20:27:58.00012Z",
            "2026-11-21T20:27:58.050Z, 2026-11-21T20:27:58.05Z",
            "0099-01-02T03:04:05.5Z, 0099-01-02T03:04:05.5Z",
            "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
            "0000-03-01T00:00:00Z, 0000-03-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59.999999999Z",
            "2026-11-21T21:20:00.123+01:00, 2026-11-21T20:20:00.123Z",
    })
    void timesAsRfc3339NanoInUtc(String in, String expected) {
        Instant t = java.time.OffsetDateTime.parse(in).toInstant();
        assertThat(GoJson.formatTime(t)).isEqualTo(expected);
        assertThat(new String(new GoJson().value(t).toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("\"" + expected + "\"");
    }

    @Test
    void yearsOutsideGoRangeFailLikeGo() {
        assertThatThrownBy(() -> GoJson.formatTime(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("year outside of range");
        assertThatThrownBy(() -> GoJson.formatTime(Instant.parse("-0001-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixYearClampsLikeRestic() {
        assertThat(GoTimes.fixYear(Instant.parse("+12345-06-07T08:09:10.5Z")))
                .isEqualTo(Instant.parse("9999-06-07T08:09:10.5Z"));
        assertThat(GoTimes.fixYear(Instant.parse("-0004-02-29T01:00:00Z")))
                .isEqualTo(Instant.parse("0000-02-29T01:00:00Z"));
        // Go's AddDate normalizes Feb 29 into a non-leap year as Mar 1
        assertThat(GoTimes.fixYear(Instant.parse("+10000-02-29T00:00:00Z")))
                .isEqualTo(Instant.parse("9999-03-01T00:00:00Z"));
        Instant ok = Instant.parse("2020-02-29T00:00:00Z");
        assertThat(GoTimes.fixYear(ok)).isSameAs(ok);
    }
}
