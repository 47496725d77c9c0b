package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void defaultsAreTenAttemptsFrom200MillisecondsTo30Seconds() {
        assertThat(RetryPolicy.defaults())
                .isEqualTo(new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(30)));
    }

    @Test
    void ceilingsDoubleUpToTheMaximum() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.ceiling(8)).isEqualTo(Duration.ofMillis(25_600));
        assertThat(policy.ceiling(9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.ceiling(1_000)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delaysStayWithinTheirCeiling() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofNanos(3), Duration.ofNanos(20));
        Random random = new Random(7);
        boolean sawZero = false;
        boolean sawCeiling = false;
        for (int i = 0; i < 2_000; i++) {
            Duration delay = policy.delay(3, random);
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofNanos(12));
            sawZero |= delay.isZero();
            sawCeiling |= delay.equals(Duration.ofNanos(12));
        }
        assertThat(sawZero && sawCeiling).as("full jitter reaches both ends").isTrue();
        assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO).delay(2, random)).isZero();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.defaults().ceiling(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
