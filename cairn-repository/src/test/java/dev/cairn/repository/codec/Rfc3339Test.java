package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written parser agrees with DateTimeFormatter wherever it answers, and declines what it must not judge. */
class Rfc3339Test {

    private static Instant reference(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void agreesWithTheFormatterOnRandomGoTimes() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_135_596_800L, 253_402_300_799L), r.nextInt(1_000_000_000));
            ZoneOffset zone = ZoneOffset.ofTotalSeconds((r.nextInt(-18 * 4, 18 * 4 + 1)) * 900);
            String s = OffsetDateTime.ofInstant(t, zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(Rfc3339.parseCommon(s)).as(s).isEqualTo(reference(s)).isEqualTo(t);
        }
    }

    @Test
    void declinesOrAgreesOnOddAndBrokenInput() {
        for (String s : List.of("2021-02-29T00:00:00Z", "2020-02-29T23:59:59.5+01:00", "2021-13-01T00:00:00Z",
                "2021-01-01T24:00:00Z", "2021-01-01T00:60:00Z", "2021-01-01T00:00:60Z", "2021-01-01t00:00:00z",
                "2021-01-01T00:00:00", "2021-01-01T00:00:00.Z", "2021-01-01T00:00:00.1234567891Z",
                "2021-01-01T00:00:00+19:00", "2021-01-01T00:00:00+18:00", "2021-01-01T00:00:00-00:30",
                "2021-01-01T00:00:00+0100", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2021-1-01T00:00:00Z", "2021-01-01T00:00:00ZZ", "+12021-01-01T00:00:00Z", "2021-04-31T00:00:00Z")) {
            Instant fast = Rfc3339.parseCommon(s);
            if (fast != null) {
                assertThat(fast).as(s).isEqualTo(reference(s));
            }
        }
        assertThat(Rfc3339.parseCommon("2021-02-29T00:00:00Z")).isNull();
        assertThat(Rfc3339.parseCommon("2021-01-01t00:00:00z")).isNull();
        assertThat(Rfc3339.parseCommon("2020-02-29T23:59:59.5+01:00"))
                .isEqualTo(Instant.parse("2020-02-29T22:59:59.500Z"));
    }
}
