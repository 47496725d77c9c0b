package dev.cairn.cli;

import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.site.SiteServices;
import dev.cairn.sources.db.DatabaseEnvironment;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the site services (catalog, locations, backup/restore services) for the site commands. */
final class SiteAccess {

    private SiteAccess() {
    }

    static SiteServices open(GlobalOptions global, CliEnvironment env, Output out) throws IOException {
        CairnConfig config = SiteConfigs.load(global, env);
        String home = env.env().get("HOME");
        String tmp = env.env().get("TMPDIR");
        DatabaseEnvironment db = new DatabaseEnvironment(env.env(), Path.of(home != null && !home.isEmpty() ? home
                : System.getProperty("user.home")), null, null,
                Path.of(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir")),
                env.clock(), out::verboseLine, w -> out.message("warning: " + w));
        return SiteServices.open(config, env.env(), db, env.clock(), w -> out.message(w),
                "cairn " + new CairnVersion().number());
    }
}
