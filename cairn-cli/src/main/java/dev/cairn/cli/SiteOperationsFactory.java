package dev.cairn.cli;

import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.jobs.SiteOperations;
import dev.cairn.engine.schedule.LoadProbe;
import dev.cairn.engine.schedule.ScheduleKey;
import java.util.Optional;
import java.util.function.Function;

/** Opens what {@code cairn serve} runs on: the catalog and the site service its jobs use (tests pass their own). */
@FunctionalInterface
interface SiteOperationsFactory {

    /**
     * @param schedules finds a schedule by key, cairn.yaml's or the API's (valid once the server started)
     */
    Backend open(CairnConfig config, GlobalOptions global, CliEnvironment env, Output out,
            Function<ScheduleKey, Optional<ScheduleConfig>> schedules) throws Exception;

    /**
     * The catalog, the site operations, the quiet window's load probe, and what to close when the server stopped.
     */
    record Backend(Catalog catalog, SiteOperations operations, LoadProbe probe, AutoCloseable resources)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }
}
