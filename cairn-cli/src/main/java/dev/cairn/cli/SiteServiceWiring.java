package dev.cairn.cli;

import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.jobs.SiteServiceOperations;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.site.SiteServices;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code cairn serve} runs its jobs on the site service; its catalog is the server's, its quiet windows measure the
 * sites' databases ({@link dev.cairn.engine.site.SiteLoadProbe}).
 */
final class SiteServiceWiring {

    private SiteServiceWiring() {
    }

    static SiteOperationsFactory.Backend open(CairnConfig config, GlobalOptions global, CliEnvironment env,
            Output out, Function<ScheduleKey, Optional<ScheduleConfig>> schedules) throws IOException {
        SiteServices services = SiteAccess.open(global, env, out);
        return new SiteOperationsFactory.Backend(services.catalog(), new SiteServiceOperations(services, schedules),
                services.loadProbe(), services);
    }
}
