package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DefaultZoneClockTest {

    @Test
    void behavesAsTheSystemClockInTheDefaultZone() {
        Clock clock = DefaultZoneClock.start();
        Instant before = Instant.now();
        Instant now = clock.instant();
        assertThat(Duration.between(before, now).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(clock.millis()).isGreaterThanOrEqualTo(before.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneId.systemDefault());
        assertThat(clock.withZone(ZoneOffset.UTC).getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.toString()).contains(ZoneId.systemDefault().getId());
    }
}
