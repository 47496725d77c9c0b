package dev.cairn.server;

import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.jobs.JobRegistry;
import dev.cairn.engine.jobs.SiteOperations;
import java.time.Clock;

/** What the route handlers share, wired once in {@link CairnServer}. */
record Services(CairnConfig config, Catalog catalog, JobRegistry jobs, SiteOperations operations,
        ScheduleRunner schedules, Clock clock) {
}
