package dev.cairn.cli;

import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ConfigLoader;
import dev.cairn.engine.config.SiteConfig;
import java.nio.file.Path;

/** Finds and loads cairn.yaml for the site commands (--config, CAIRN_CONFIG, ./cairn.yaml). */
final class SiteConfigs {

    private SiteConfigs() {
    }

    static Path locate(GlobalOptions global, CliEnvironment env) {
        return ConfigLoader.locate(global.config, env.env(), Path.of("").toAbsolutePath());
    }

    static CairnConfig load(GlobalOptions global, CliEnvironment env) {
        return ConfigLoader.load(locate(global, env), env.env());
    }

    static SiteConfig site(CairnConfig config, String name) {
        return config.site(name).orElseThrow(() -> new UserError("unknown site '" + name + "' in " + config.file()
                + " (configured: " + (config.sites().isEmpty() ? "none" : String.join(", ", config.sites().keySet()))
                + ")"));
    }
}
