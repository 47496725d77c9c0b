package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quiet window's probe against the real servers and a SQLite file: a known number of transactions between two
 * samples shows as at least that many per elapsed (injected) second, and more than an idle interval.
 */
class SiteLoadProbeTest {

    private static final int TRANSACTIONS = 400;
    private static final Duration EVERY = Duration.ofMinutes(1);

    @TempDir
    Path tmp;

    @Test
    void postgresTransactionsOfTheSitesDatabase() throws Exception {
        String db = DbServers.create(true);
        try {
            DbServers.sql(true, db, "CREATE TABLE hits (id serial PRIMARY KEY, n int)");
            measure("postgresql://postgres@127.0.0.1:5432/" + db, () -> {
                try (Connection c = DriverManager.getConnection(DbServers.PG + db, "postgres", "")) {
                    inserts(c);
                    try (Statement s = c.createStatement()) {
                        // PostgreSQL publishes a backend's counts when it goes idle, at most once a second unless
                        // forced: force it, so the next sample sees every transaction (no waiting)
                        s.execute("SELECT pg_stat_force_next_flush()");
                    }
                }
            });
        } finally {
            DbServers.drop(true, db);
        }
    }

    @Test
    void mariadbStatementsOfTheServer() throws Exception {
        String db = DbServers.create(false);
        try {
            DbServers.sql(false, db, "CREATE TABLE hits (id INT AUTO_INCREMENT PRIMARY KEY, n INT) ENGINE=InnoDB");
            measure("mariadb://root@127.0.0.1:3306/" + db, () -> {
                try (Connection c = DriverManager.getConnection(DbServers.MARIADB + db, "root", "")) {
                    inserts(c);
                }
            });
        } finally {
            DbServers.drop(false, db);
        }
    }

    /**
     * With {@code userstat} on, MariaDB counts rows per table, and the probe measures the site's database alone:
     * heavy work in another database shows as no load at all. The test server has it off (the default), so the test
     * turns it on for its duration and restores the previous setting (it only adds counters).
     */
    @Test
    void mariadbRowsOfTheSitesDatabaseOnlyWithUserstat() throws Exception {
        String db = DbServers.create(false);
        String other = DbServers.create(false);
        long before = DbServers.global("userstat");
        try {
            DbServers.sql(false, db, "CREATE TABLE hits (id INT AUTO_INCREMENT PRIMARY KEY, n INT) ENGINE=InnoDB");
            DbServers.sql(false, other, "CREATE TABLE noise (id INT AUTO_INCREMENT PRIMARY KEY, n INT) "
                    + "ENGINE=InnoDB");
            DbServers.sql(false, db, "SET GLOBAL userstat = 1");
            try (SiteFixture site = new SiteFixture(tmp)) {
                site.databaseUrl = "mariadb://root@127.0.0.1:3306/" + db;
                try (SiteServices services = site.open()) {
                    SiteLoadProbe probe = services.loadProbe();
                    assertEquals(Double.POSITIVE_INFINITY, probe.load("blog"));
                    try (Connection c = DriverManager.getConnection(DbServers.MARIADB + other, "root", "")) {
                        inserts(c, "noise (n)");
                    }
                    site.clock.advance(EVERY);
                    assertEquals(0.0, probe.load("blog"), "another database's work is not this site's load");
                    try (Connection c = DriverManager.getConnection(DbServers.MARIADB + db, "root", "")) {
                        inserts(c);
                    }
                    site.clock.advance(EVERY);
                    double busy = probe.load("blog");
                    double perSecond = TRANSACTIONS / (double) (EVERY.toSeconds() + 1);
                    assertTrue(busy >= perSecond, "at least " + perSecond + "/s, measured " + busy);
                }
            }
        } finally {
            DbServers.sql(false, db, "SET GLOBAL userstat = " + before);
            DbServers.drop(false, db);
            DbServers.drop(false, other);
        }
    }

    @Test
    void sqliteWriteTransactionsOfTheFile() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            measure(site, () -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + site.sqlite)) {
                    inserts(c, "posts (title)");
                }
            }, true);
        }
    }

    @Test
    void aSiteWithoutDatabaseIsAlwaysQuiet() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.extraSite = """
                      shop:
                        media:
                          - name: media
                            path: www/media
                        locations: [local]
                    """;
            try (SiteServices services = site.open()) {
                assertEquals(0.0, services.loadProbe().load("shop"));
            }
        }
    }

    private void measure(String url, Workload work) throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.databaseUrl = url;
            measure(site, work, false);
        }
    }

    private static void measure(SiteFixture site, Workload work, boolean exactIdle) throws Exception {
        try (SiteServices services = site.open()) {
            SiteLoadProbe probe = services.loadProbe();
            assertEquals(Double.POSITIVE_INFINITY, probe.load("blog"), "no baseline yet: not known to be quiet");
            site.clock.advance(EVERY);
            double idle = probe.load("blog");
            work.run();
            site.clock.advance(EVERY);
            double busy = probe.load("blog");
            // the test clock also moves a millisecond per reading: allow a second for that
            double perSecond = TRANSACTIONS / (double) (EVERY.toSeconds() + 1);
            assertTrue(busy >= perSecond, "at least " + perSecond + "/s, measured " + busy);
            assertTrue(busy > idle, "busy " + busy + " > idle " + idle);
            if (exactIdle) {
                assertEquals(0.0, idle);
            }
        }
    }

    private static void inserts(Connection c) throws Exception {
        inserts(c, "hits (n)");
    }

    /** {@value #TRANSACTIONS} autocommit inserts: one transaction each. */
    private static void inserts(Connection c, String table) throws Exception {
        c.setAutoCommit(true);
        boolean text = table.startsWith("posts");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
            for (int i = 0; i < TRANSACTIONS; i++) {
                if (text) {
                    p.setString(1, "t" + i);
                } else {
                    p.setInt(1, i);
                }
                p.executeUpdate();
            }
        }
    }

    @FunctionalInterface
    private interface Workload {
        void run() throws Exception;
    }
}
