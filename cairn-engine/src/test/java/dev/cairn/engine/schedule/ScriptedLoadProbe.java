package dev.cairn.engine.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Test double for {@link LoadProbe}: the load is a step function of the clock's time, scripted by the test. */
final class ScriptedLoadProbe implements LoadProbe {

    private final Clock clock;
    private final NavigableMap<Instant, Double> script = new TreeMap<>();
    final List<Instant> sampledAt = new ArrayList<>();

    ScriptedLoadProbe(Clock clock) {
        this.clock = clock;
    }

    /** From {@code from} on, the load is {@code load}. */
    ScriptedLoadProbe from(Instant from, double load) {
        script.put(from, load);
        return this;
    }

    @Override
    public double load(String site) {
        Instant now = clock.instant();
        sampledAt.add(now);
        var e = script.floorEntry(now);
        return e == null ? 0 : e.getValue();
    }
}
