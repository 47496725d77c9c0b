package dev.cairn.snapshots.check;

import dev.cairn.repository.Id;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Which packs {@code check --read-data-subset} reads, in restic's three spellings: {@code n/t} (the n-th of t groups
 * by the first byte of the pack ID, so t runs cover everything), {@code x%} (a random x percent of the packs, at
 * least one) and {@code size[K|M|G|T]} (random packs worth about that many bytes).
 */
public sealed interface ReadDataSubset {

    /** restic's limit: groups are chosen by the first byte of the pack ID. */
    int MAX_GROUPS = 256;

    /** The n-th (1-based) of t groups. */
    record Group(int n, int t) implements ReadDataSubset {
        public Group {
            if (n < 1 || t < 1 || n > t) {
                throw new IllegalArgumentException("--read-data-subset=n/t values must be positive integers, and"
                        + " n <= t, e.g. --read-data-subset=1/2");
            }
            if (t > MAX_GROUPS) {
                throw new IllegalArgumentException("--read-data-subset=n/t: t must be at most " + MAX_GROUPS);
            }
        }

        @Override
        public Set<Id> select(Map<Id, Long> packs, RandomGenerator random) {
            Set<Id> out = new HashSet<>();
            for (Id id : packs.keySet()) {
                if (id.byteAt(0) % t == n - 1) {
                    out.add(id);
                }
            }
            return out;
        }
    }

    /** A random share of the packs, in percent (0 exclusive to 100 inclusive). */
    record Percent(double percent) implements ReadDataSubset {
        public Percent {
            if (!(percent > 0.0 && percent <= 100.0)) {
                throw new IllegalArgumentException("--read-data-subset=x%: x must be above 0.0% and at most 100.0%");
            }
        }

        @Override
        public Set<Id> select(Map<Id, Long> packs, RandomGenerator random) {
            return randomShare(packs, percent, random);
        }
    }

    /** Random packs worth about this many bytes (as a share of the repository's size, like restic). */
    record Size(long bytes) implements ReadDataSubset {
        public Size {
            if (bytes <= 0) {
                throw new IllegalArgumentException("--read-data-subset=size: the size must be above 0");
            }
        }

        @Override
        public Set<Id> select(Map<Id, Long> packs, RandomGenerator random) {
            long total = packs.values().stream().mapToLong(Long::longValue).sum();
            if (total == 0) {
                return Set.of();
            }
            return randomShare(packs, Math.min(bytes, total) * 100.0 / total, random);
        }
    }

    /**
     * Exactly these packs (those the repository indexes): e.g. the packs holding one snapshot's data, for a
     * verification of that snapshot. Not a restic spelling, so {@link #parse} never yields it.
     */
    record Only(Set<Id> packs) implements ReadDataSubset {
        public Only {
            packs = Set.copyOf(packs);
        }

        @Override
        public Set<Id> select(Map<Id, Long> all, RandomGenerator random) {
            Set<Id> out = new HashSet<>(packs);
            out.retainAll(all.keySet());
            return out;
        }
    }

    /** The packs to read among {@code packs} (ID to size); {@code random} drives the random forms. */
    Set<Id> select(Map<Id, Long> packs, RandomGenerator random);

    /** Parses restic's syntax; the message of the {@link IllegalArgumentException} says what is wrong. */
    static ReadDataSubset parse(String spec) {
        String s = spec.strip();
        // As restic: anything with a slash, and a bare number (no unit), must be exactly n/t.
        if (s.contains("/") || SubsetParsing.DIGITS.matcher(s).matches()) {
            var m = SubsetParsing.GROUP.matcher(s);
            if (!m.matches()) {
                throw SubsetParsing.invalid(spec);
            }
            return new Group(SubsetParsing.boundedInt(m.group(1)), SubsetParsing.boundedInt(m.group(2)));
        }
        if (s.endsWith("%")) {
            String number = s.substring(0, s.length() - 1);
            if (!SubsetParsing.DECIMAL.matcher(number).matches()) {
                throw SubsetParsing.invalid(spec);
            }
            return new Percent(Double.parseDouble(number));
        }
        return new Size(SubsetParsing.size(s, spec));
    }

    private static Set<Id> randomShare(Map<Id, Long> packs, double percent, RandomGenerator random) {
        // Sorted first so that a seeded generator picks the same packs every time.
        List<Id> ids = new ArrayList<>(packs.keySet());
        ids.sort(null);
        int count = (int) (ids.size() * (percent / 100.0));
        if (!ids.isEmpty() && count < 1) {
            count = 1;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(ids.size() - i);
            Id tmp = ids.get(i);
            ids.set(i, ids.get(j));
            ids.set(j, tmp);
        }
        return new HashSet<>(ids.subList(0, count));
    }
}
