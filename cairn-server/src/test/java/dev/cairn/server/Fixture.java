package dev.cairn.server;

import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ConfigLoader;
import dev.cairn.engine.schedule.LoadProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * A configuration with two sites ({@code blog}: SQLite + media + a nightly schedule; {@code shop}: media only), its
 * SQLite catalog, a server on a free loopback port and one token per scope.
 */
final class Fixture implements AutoCloseable {

    final Path dir;
    final CairnConfig config;
    final Catalog catalog;
    final FakeSite site = new FakeSite();
    final Map<Scope, String> tokens = new EnumMap<>(Scope.class);
    CairnServer server;
    Api api;

    Fixture(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("db/site.sqlite"), "");
        Files.createDirectories(dir.resolve("media"));
        Files.writeString(dir.resolve("password.txt"), "secret\n");
        Files.writeString(dir.resolve("cairn.yaml"), """
                locations:
                  local:
                    url: repository
                    password-file: password.txt
                sites:
                  blog:
                    database:
                      url: sqlite:db/site.sqlite
                    media:
                      - name: media
                        path: media
                    locations: [local]
                    schedules:
                      nightly:
                        frequency: daily
                        hour: 2
                        type: incremental
                  shop:
                    media:
                      - name: media
                        path: media
                    locations: [local]
                """);
        config = ConfigLoader.load(dir.resolve("cairn.yaml"), Map.of());
        catalog = CatalogAccess.open(config, Map.of(), Clock.systemUTC());
        for (Scope s : Scope.values()) {
            tokens.put(s, catalog.apiTokens().create("ci-" + s.key(), s, "test", null).secret());
        }
    }

    Fixture start(Duration finishGrace) {
        server = CairnServer.start(new CairnServer.Parts(config, catalog, site, LoadProbe.NONE, Clock.systemUTC(),
                new ServerSettings("127.0.0.1", 0, null, finishGrace, Duration.ofMinutes(1))));
        api = Api.of(server.uri());
        return this;
    }

    String token(Scope scope) {
        return tokens.get(scope);
    }

    @Override
    public void close() throws InterruptedException {
        // Let every job end, so no thread outlives the test.
        site.releases.values().forEach(s -> s.release(100));
        if (server != null) {
            server.close();
        }
        catalog.close();
    }
}
