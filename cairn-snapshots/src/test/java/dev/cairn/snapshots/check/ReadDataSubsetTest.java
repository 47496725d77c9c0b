package dev.cairn.snapshots.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Id;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadDataSubsetTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(ReadDataSubset.parse("1/5")).isEqualTo(new ReadDataSubset.Group(1, 5));
        assertThat(ReadDataSubset.parse("256/256")).isEqualTo(new ReadDataSubset.Group(256, 256));
        assertThat(ReadDataSubset.parse("2.5%")).isEqualTo(new ReadDataSubset.Percent(2.5));
        assertThat(ReadDataSubset.parse("100%")).isEqualTo(new ReadDataSubset.Percent(100));
        assertThat(ReadDataSubset.parse("500M")).isEqualTo(new ReadDataSubset.Size(500L << 20));
        assertThat(ReadDataSubset.parse("1g")).isEqualTo(new ReadDataSubset.Size(1L << 30));
        assertThat(ReadDataSubset.parse("2T")).isEqualTo(new ReadDataSubset.Size(2L << 40));
        assertThat(ReadDataSubset.parse("10k")).isEqualTo(new ReadDataSubset.Size(10240));
        assertThat(ReadDataSubset.parse("77b")).isEqualTo(new ReadDataSubset.Size(77));
    }

    @Test
    void rejectsWhatResticRejects() {
        for (String bad : new String[] {"0/5", "6/5", "1/0", "1/257", "1/2/3", "1/", "/2", "a/b", "100", "0%",
                "100.1%", "-1%", "abc%", "1d%", "NaN%", "Infinity%", "0M", "-5K", "12X", "", "M",
                "99999999999T"}) {
            assertThatThrownBy(() -> ReadDataSubset.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-data-subset");
        }
    }

    @Test
    void onlySelectsTheNamedPacksTheRepositoryIndexes() {
        Map<Id, Long> packs = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            packs.put(Id.hash(new byte[] {(byte) i}), 1000L);
        }
        Id indexed = Id.hash(new byte[] {2});
        Id unknown = Id.hash(new byte[] {42});
        assertThat(new ReadDataSubset.Only(Set.of(indexed, unknown)).select(packs, new Random(1)))
                .containsExactly(indexed);
        assertThat(new ReadDataSubset.Only(Set.of()).select(packs, new Random(1))).isEmpty();
    }

    @Test
    void groupsPartitionThePacks() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        Map<Id, Long> packs = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[32];
            r.nextBytes(b);
            packs.put(Id.of(b), 100L);
        }
        Set<Id> union = new HashSet<>();
        int total = 0;
        for (int n = 1; n <= 7; n++) {
            Set<Id> part = new ReadDataSubset.Group(n, 7).select(packs, r);
            total += part.size();
            union.addAll(part);
        }
        assertThat(total).as("seed %d", seed).isEqualTo(500);
        assertThat(union).as("seed %d", seed).isEqualTo(packs.keySet());
    }

    @Test
    void randomFormsPickTheRightShareAtLeastOne() {
        Map<Id, Long> packs = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            packs.put(Id.hash(new byte[] {(byte) i}), 1000L);
        }
        Random r = new Random(42);
        assertThat(new ReadDataSubset.Percent(25).select(packs, r)).hasSize(10);
        assertThat(new ReadDataSubset.Percent(0.1).select(packs, r)).hasSize(1);
        assertThat(new ReadDataSubset.Size(4000).select(packs, r)).hasSize(4);
        assertThat(new ReadDataSubset.Size(1L << 40).select(packs, r)).isEqualTo(packs.keySet());
        assertThat(new ReadDataSubset.Size(10).select(Map.of(), r)).isEmpty();
        assertThat(new ReadDataSubset.Percent(50).select(packs, new Random(7)))
                .isEqualTo(new ReadDataSubset.Percent(50).select(packs, new Random(7)));
    }
}
