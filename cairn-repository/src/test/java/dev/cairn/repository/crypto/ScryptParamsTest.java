package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScryptParamsTest {

    @Test
    void acceptsResticsParameters() {
        assertThat(new ScryptParams(32768, 8, 2).memoryBytes()).isEqualTo(32L << 20);
        assertThat(new ScryptParams(65536, 8, 1).n()).isEqualTo(65536);
        assertThat(new ScryptParams(2, 1, 1).r()).isEqualTo(1);
        assertThat(ScryptParams.DEFAULT).isEqualTo(new ScryptParams(32768, 8, 1));
    }

    @Test
    void rejectsInvalidParameters() {
        for (int n : new int[] {-2, 0, 1, 3, 6, 1000, 32767}) {
            assertThatThrownBy(() -> new ScryptParams(n, 8, 1)).as("N=%d", n)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N");
        }
        assertThatThrownBy(() -> new ScryptParams(16, 0, 1)).hasMessageContaining("r must");
        assertThatThrownBy(() -> new ScryptParams(16, 1, 0)).hasMessageContaining("p must");
        assertThatThrownBy(() -> new ScryptParams(16, 1 << 15, 1 << 15)).hasMessageContaining("2^30");
        assertThat(new ScryptParams(16, (1 << 15) - 1, 1 << 15).p()).isEqualTo(1 << 15);
    }
}
