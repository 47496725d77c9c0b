package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.sources.db.restore.EngineRestore;
import dev.cairn.sources.db.restore.SnapshotDump;
import dev.cairn.sources.db.restore.StagedRestore;
import java.io.IOException;
import java.time.Duration;

/**
 * The site restores' {@link DatabaseRestore} on top of cairn-sources' database restores ({@link StagedRestore}):
 * the dump is loaded into a new database beside the site's live one (PostgreSQL: a new database; MariaDB: a new
 * schema; SQLite: a file next to it) and its rows verified against the manifest; the swap switches it in
 * atomically and keeps the replaced database as the previous state, which {@link #rollback} switches back. With
 * tables, the swap replaces those tables of the live database in one transaction instead (their rollback restores
 * them from the pre_restore snapshot, {@link SiteRestores}).
 *
 * <p>The site's pre_restore snapshot (database and media) is taken by the site restore, so none is taken here.
 * Sessions still connected to the live database are waited for (up to {@link #CONNECTION_WAIT}), not ended: the
 * site's before-restore hook is where an application is stopped.
 */
final class SiteDatabaseRestore implements DatabaseRestore {

    static final Duration CONNECTION_WAIT = Duration.ofSeconds(30);
    private static final int JOBS = 2;

    private final DatabaseEnvironment base;
    private final Secrets secrets;

    SiteDatabaseRestore(DatabaseEnvironment base, Secrets secrets) {
        this.base = base;
        this.secrets = secrets;
    }

    @Override
    public Prepared prepare(Request r) throws IOException {
        SiteConfig site = r.site();
        if (site.database() == null) {
            throw new SiteException("site '" + site.name() + "' has no database in cairn.yaml to restore into");
        }
        DatabaseEnvironment env = SiteContent.databaseEnvironment(site, base, secrets);
        DatabaseUrl target = url(site, env);
        r.listener().progress().phase("restore database");
        SnapshotDump source = new SnapshotDump(r.repo(), r.snapshot(), SnapshotLayout.site(site.name()),
                "the snapshot of site '" + site.name() + "'");
        StagedRestore staged = StagedRestore.prepare(env, source, r.database(), target, r.tables(), JOBS);
        r.listener().say("database " + r.database().name() + ": " + staged.records() + " rows restored beside "
                + target + " and verified against the manifest");
        return new Prepared() {
            @Override
            public long records() {
                return staged.records();
            }

            @Override
            public JsonNode swap() throws IOException {
                String previous = staged.switchIn(new EngineRestore.Connections(CONNECTION_WAIT, false));
                ObjectNode state = SiteContent.JSON.createObjectNode().put("engine", target.engine().id())
                        .put("target", target.toString());
                if (staged.someTables()) {
                    state.put("mode", "tables");
                    staged.tables().forEach(state.putArray("tables")::add);
                } else {
                    state.put("mode", "switch").put("previous", previous);
                }
                return state;
            }

            @Override
            public void close() throws IOException {
                staged.close();
            }
        };
    }

    @Override
    public void rollback(SiteConfig site, JsonNode state) throws IOException {
        if ("tables".equals(state.path("mode").asText())) {
            // no previous database to switch to: SiteRestores rolls these back from the pre_restore snapshot
            throw new IllegalStateException("a --table restore is rolled back from its pre_restore snapshot");
        }
        if (state.path("previous").isNull() || state.path("previous").isMissingNode()) {
            throw new SiteException("the last restore of site '" + site.name() + "' created its database "
                    + state.path("target").asText() + " (there was none before), so there is no previous database to"
                    + " switch back to");
        }
        DatabaseEnvironment env = SiteContent.databaseEnvironment(site, base, secrets);
        DatabaseUrl target = url(site, env);
        if (!target.toString().equals(state.path("target").asText())) {
            throw new SiteException("the database of site '" + site.name() + "' is now " + target + " in cairn.yaml, "
                    + "but the restore to roll back switched " + state.path("target").asText() + "; roll that one "
                    + "back with 'cairn rollback --db-target URL'");
        }
        new dev.cairn.sources.db.restore.DatabaseRestore(env).rollback(target, CONNECTION_WAIT, false);
    }

    private static DatabaseUrl url(SiteConfig site, DatabaseEnvironment env) {
        try {
            return DatabaseUrl.parse(site.database().url(), env.env());
        } catch (IllegalArgumentException e) {
            throw new SiteException("site '" + site.name() + "': " + e.getMessage());
        }
    }
}
