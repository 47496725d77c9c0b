package dev.cairn.engine.site;

import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.engine.schedule.LoadProbe;
import dev.cairn.sources.db.Credentials;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quiet window's load probe for sites: how many transactions the site's database did per second since the
 * previous sample of that site. Counters, read at each sample, whose growth is the load:
 *
 * <ul>
 *   <li>PostgreSQL: {@code xact_commit + xact_rollback} of the site's database in {@code pg_stat_database} (only
 *       that database; the server publishes a backend's counts when it goes idle, at most about a second late).</li>
 *   <li>MariaDB with {@code userstat} on: the rows read and changed in the site's database ({@code ROWS_READ +
 *       ROWS_CHANGED} of {@code information_schema.TABLE_STATISTICS}), per database. Without it (the default, and
 *       MySQL): {@code Questions} of {@code SHOW GLOBAL STATUS} (statements of every client, so autocommit writes
 *       count too, which {@code Com_commit} misses), which is <em>server-wide</em>: other databases' load counts
 *       too. The server keeps no per-database count otherwise ({@code INNODB_SYS_TABLESTATS}' modified counter
 *       resets whenever InnoDB recomputes statistics; the performance schema is off by default and its digest
 *       table drops entries when full). Server-wide is still a fair signal: a busy server slows the dump whichever
 *       database is busy. A change of source between two samples counts as a first sample.</li>
 *   <li>SQLite: no server to ask. The header's file change counter (one per write transaction in rollback-journal
 *       mode) plus the frames in the {@code -wal} file (WAL mode); a checkpoint that empties the WAL counts as no
 *       load rather than negative.</li>
 * </ul>
 *
 * A site's first sample has no previous one to compare with and reports {@link Double#POSITIVE_INFINITY} (not
 * known to be quiet), so the scheduler's observation phase never mistakes it for a quiet moment. A site without a
 * database reports 0: nothing to measure, every moment is equally quiet. A probe failure propagates (the scheduler
 * then starts the run at once, as documented).
 */
public final class SiteLoadProbe implements LoadProbe {

    /** A counter's value and which counter it is (samples of different counters cannot be compared). */
    record Count(String source, long value) {
    }

    private record Reading(Instant at, Count count) {
    }

    private final CairnConfig config;
    private final DatabaseEnvironment databaseEnv;
    private final Secrets secrets;
    private final InstantSource clock;
    private final Map<String, Reading> last = new ConcurrentHashMap<>();

    public SiteLoadProbe(CairnConfig config, DatabaseEnvironment databaseEnv, Secrets secrets, InstantSource clock) {
        this.config = config;
        this.databaseEnv = databaseEnv;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public double load(String site) throws IOException {
        SiteConfig s = config.site(site).orElseThrow(() -> new SiteException("unknown site '" + site + "'"));
        if (s.database() == null) {
            return 0;
        }
        Count count = transactions(s);
        Instant now = clock.instant();
        Reading previous = last.put(site, new Reading(now, count));
        if (previous == null || !previous.count().source().equals(count.source())) {
            return Double.POSITIVE_INFINITY;
        }
        double seconds = Math.max(Duration.between(previous.at(), now).toMillis(), 1) / 1000.0;
        return Math.max(0, count.value() - previous.count().value()) / seconds;
    }

    /** The site's database's load counter now (see the class comment). */
    Count transactions(SiteConfig site) throws IOException {
        DatabaseEnvironment env = SiteContent.databaseEnvironment(site, databaseEnv, secrets);
        DatabaseUrl url = DatabaseUrl.parse(site.database().url(), env.env());
        return switch (url.engine()) {
            case SQLITE -> new Count("sqlite", sqlite(url.file()));
            case POSTGRESQL -> query(url, env, "jdbc:postgresql://", c -> new Count("pg_stat_database", first(c,
                    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")));
            case MARIADB -> query(url, env, "jdbc:mariadb://", SiteLoadProbe::mariadb);
        };
    }

    /** Per database when the server keeps per-table statistics ({@code userstat}), else server-wide. */
    private static Count mariadb(Connection c) throws SQLException {
        boolean userstat;
        try {
            userstat = first(c, "SELECT @@userstat") == 1;
        } catch (SQLException mysql) {
            userstat = false; // MySQL has no userstat
        }
        if (userstat) {
            return new Count("table_statistics", first(c, "SELECT COALESCE(SUM(ROWS_READ + ROWS_CHANGED), 0) FROM "
                    + "information_schema.TABLE_STATISTICS WHERE TABLE_SCHEMA = DATABASE()"));
        }
        // SHOW STATUS answers (name, value)
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name = 'Questions'")) {
            if (!rs.next()) {
                throw new SQLException("the server reports no Questions status");
            }
            return new Count("questions", Long.parseLong(rs.getString(2)));
        }
    }

    private static long first(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no answer to " + sql);
            }
            return rs.getLong(1);
        }
    }

    @FunctionalInterface
    private interface Reader {
        Count read(Connection c) throws SQLException;
    }

    private static Count query(DatabaseUrl url, DatabaseEnvironment env, String scheme, Reader reader)
            throws IOException {
        String jdbc = scheme + ChangeTokens.host(url) + ":" + url.port() + "/" + ChangeTokens.enc(url.database());
        try (Connection c = DriverManager.getDriver(jdbc).connect(jdbc,
                ChangeTokens.props(url, Credentials.find(url, env)))) {
            return reader.read(c);
        } catch (SQLException e) {
            throw new IOException("cannot read the transaction count of " + url + " for the quiet window: "
                    + e.getMessage(), e);
        }
    }

    static long sqlite(Path file) throws IOException {
        byte[] header = new byte[100];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(header, 0, header.length) < 28) {
                return 0;
            }
        }
        long counter = ((header[24] & 0xffL) << 24) | ((header[25] & 0xffL) << 16) | ((header[26] & 0xffL) << 8)
                | (header[27] & 0xffL);
        int pageSize = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        if (pageSize == 1) {
            pageSize = 65536;
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        long walFrames = Files.exists(wal) ? Math.max(0, Files.size(wal) - 32) / (pageSize + 24) : 0;
        return counter + walFrames;
    }
}
