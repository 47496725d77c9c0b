package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.util.List;

/**
 * The seam for the database part of a site restore (DESIGN §4): restore beside the live database (PostgreSQL: a
 * new database; MariaDB: a new schema; SQLite: a temporary file), verify against the manifest, then switch
 * atomically, keeping the old one for rollback. Site restores call it between the media's preparation and their
 * swap, so media and database switch together. The implementation, {@link SiteDatabaseRestore}, comes from
 * cairn-sources' database restores; {@link #UNAVAILABLE} refuses clearly (tests of the refusal path).
 */
public interface DatabaseRestore {

    /**
     * What to restore.
     *
     * @param databaseDir the snapshot folder of the dump, e.g. {@code /site/blog/database/blog}
     * @param tables only these tables (patterns); empty = all
     */
    record Request(Repository repo, Snapshot snapshot, String databaseDir, Manifest.Database database,
            SiteConfig site, List<String> tables, JobListener listener) {
    }

    /** A database restored beside the live one and verified; nothing live has changed yet. */
    interface Prepared extends AutoCloseable {

        /** Rows restored (as verified against the manifest). */
        long records();

        /**
         * Switches the restored database in, keeping the old one; returns what {@link #rollback} needs to undo
         * it (stored by the site restore with the media's rollback state).
         */
        JsonNode swap() throws IOException;

        /** Drops the restored copy unless it was swapped in. */
        @Override
        void close() throws IOException;
    }

    /** Whether database restores are possible at all (checked before a live restore changes anything). */
    default boolean available() {
        return true;
    }

    /** Restores and verifies beside the live database (a sandbox restore closes it without swapping). */
    Prepared prepare(Request request) throws IOException;

    /** Undoes a {@link Prepared#swap}: the old database is live again. */
    void rollback(SiteConfig site, JsonNode state) throws IOException;

    /** No database restore in this build: a restore that includes the database is refused before any change. */
    DatabaseRestore UNAVAILABLE = new DatabaseRestore() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Prepared prepare(Request request) {
            throw new SiteException("restoring the database of a site is not available in this build: restore the "
                    + "media with --only media, and the database from the snapshot's dump by hand "
                    + "(docs/restore-playbook.md)");
        }

        @Override
        public void rollback(SiteConfig site, JsonNode state) {
            throw new SiteException("rolling back a database restore is not available in this build");
        }
    };
}
