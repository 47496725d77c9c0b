package dev.cairn.server;

import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.site.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

/** Opens the catalog cairn.yaml names, reading its password from where the file says (never from the file). */
public final class CatalogAccess {

    private CatalogAccess() {
    }

    public static Catalog open(CairnConfig config, Map<String, String> env, Clock clock) {
        CairnConfig.CatalogConfig c = config.catalog();
        try {
            String password = c.password() == null ? null
                    : new Secrets(env).resolveString(c.password(), "catalog password");
            return Catalog.open(c.url(), c.user(), password, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
