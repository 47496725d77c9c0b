package dev.cairn.engine.schedule;

import java.util.Objects;

/** A schedule's identity: its site and its name within the site. */
public record ScheduleKey(String site, String name) {

    public ScheduleKey {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return site + "/" + name;
    }
}
