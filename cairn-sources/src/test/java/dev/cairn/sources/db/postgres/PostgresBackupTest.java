package dev.cairn.sources.db.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.sources.testing.Servers;
import dev.cairn.sources.testing.TestRepos;
import dev.cairn.sources.testing.ThrowAwayDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL backups against the real server: a rich schema survives backup → plain restic restore → pg_restore,
 * row for row; the manifest's counts are what the dump holds; the other formats and the table selection work.
 */
class PostgresBackupTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.postgres();
    final List<String> warnings = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void server() {
        Servers.requirePostgres();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        dbs.close();
    }

    DatabaseEnvironment env() throws Exception {
        Map<String, String> e = new HashMap<>(System.getenv());
        e.remove("PGPASSWORD");
        Path temp = tmp.resolve("temp");
        Files.createDirectories(temp);
        return DatabaseEnvironment.system().withEnv(e).withHome(tmp).withTempDir(temp)
                .withWarnings(warnings::add).withLog(log::add);
    }

    static DatabaseUrl url(String db) {
        return DatabaseUrl.parse("postgresql://postgres@127.0.0.1:5432/" + db, Map.of());
    }

    DatabaseBackup.Result backup(Repository repo, String db, DumpOptions options) throws Exception {
        return new DatabaseBackup(SnapshotLayout.standalone(), env(), "cairn test").run(TestRepos.archiver(repo),
                List.of(), List.of(new DatabaseBackup.Request(url(db), options)));
    }

    /** pg_restore (all jobs given) into a new throw-away database; returns its name. */
    String pgRestore(Path dump, String... extra) throws Exception {
        String target = dbs.create("restored");
        List<String> cmd = new ArrayList<>(List.of("pg_restore", "--exit-on-error", "--host=127.0.0.1",
                "--username=postgres", "--dbname=" + target));
        cmd.addAll(List.of(extra));
        cmd.add(dump.toString());
        TestRepos.run(cmd, null);
        return target;
    }

    static Map<String, Long> manifestCounts(Manifest.Database d) {
        Map<String, Long> out = new TreeMap<>();
        d.tables().forEach(t -> out.put(t.qualifiedName(), t.rows()));
        return out;
    }

    static Map<String, Long> counts(Map<String, String> hashes) {
        Map<String, Long> out = new TreeMap<>();
        hashes.forEach((k, v) -> out.put(k, Long.parseLong(v.substring(0, v.indexOf(':')))));
        return out;
    }

    @Test
    void richSchemaRoundTripsThroughResticRestoreAndPgRestore() throws Exception {
        String db = dbs.create("rich");
        PgFixtures.execute(db, PgFixtures.RICH_SCHEMA);
        Path repoDir = tmp.resolve("repo");
        DatabaseBackup.Result r;
        try (Repository repo = TestRepos.init(repoDir)) {
            r = backup(repo, db, DumpOptions.all());
        }
        assertThat(warnings).isEmpty();
        Manifest.Database d = r.manifest().databases().get(0);
        assertThat(d.engine()).isEqualTo("postgresql");
        assertThat(d.path()).isEqualTo("/database/" + db);
        assertThat(d.format()).isEqualTo("pg_dump-custom");
        assertThat(d.serverVersion()).startsWith("15");
        assertThat(d.toolVersion()).contains("pg_dump (PostgreSQL) 15");
        assertThat(d.consistency().snapshot()).isNotBlank();
        // counted off the archive's COPY data as it passed: no count(*) on the server
        assertThat(d.consistency().rowCounts()).startsWith("COPY rows in the dump");
        assertThat(r.backup().snapshot().paths()).containsExactly("/cairn-manifest.json",
                "/database/" + db + "/" + db + ".dump");
        Map<String, String> source = PgFixtures.tableHashes(db);
        assertThat(manifestCounts(d)).isEqualTo(counts(source));
        assertThat(d.tables()).allSatisfy(t -> assertThat(t.sizeBytes()).isPositive());

        // a plain restic restore gives the dump as pg_dump wrote it, and the manifest
        Path restored = tmp.resolve("restored");
        TestRepos.resticRestore(repoDir, restored);
        Path dump = restored.resolve("database/" + db + "/" + db + ".dump");
        assertThat(Files.getPosixFilePermissions(dump)).hasSize(2); // rw-------
        Manifest fromDisk = Manifest.parse(Files.readAllBytes(restored.resolve("cairn-manifest.json")));
        assertThat(fromDisk).isEqualTo(r.manifest());
        assertThat(d.files().get(0).size()).isEqualTo(Files.size(dump));
        assertThat(dev.cairn.sources.db.HashingInputStream.file("x", dump).sha256())
                .isEqualTo(d.files().get(0).sha256());

        String copy = pgRestore(dump, "--jobs=2");
        assertThat(PgFixtures.tableHashes(copy)).isEqualTo(source);
        assertThat(PgFixtures.otherFacts(copy)).isEqualTo(PgFixtures.otherFacts(db));

        // single tables come back on their own from the same archive
        String one = TestRepos.run(List.of("pg_restore", "--file=-", "--data-only", "--schema=shop",
                "--table=customer", dump.toString()), null);
        assertThat(one).contains("COPY shop.customer").doesNotContain("COPY shop.orders");
    }

    @Test
    void anArchiveTheCounterCannotReadIsCountedWithSqlInTheSameSnapshot() throws Exception {
        String db = dbs.create("zipped");
        PgFixtures.execute(db, PgFixtures.RICH_SCHEMA);
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path real = PgTools.find(15, "15", env(), PgTools.USUAL_FOLDERS).pgDump().path();
        // the data dump comes out compressed (the later --compress wins), which the counter does not read
        Path wrapper = bin.resolve("pg_dump");
        Files.writeString(wrapper, "#!/bin/sh\ncase \"$*\" in *--format=custom\\ --compress=0*)\n"
                + "  exec " + real + " \"$@\" --compress=1;;\n*) exec " + real + " \"$@\";;\nesac\n");
        Path restore = bin.resolve("pg_restore");
        Files.writeString(restore, "#!/bin/sh\nexec " + real.resolveSibling("pg_restore") + " \"$@\"\n");
        for (Path p : List.of(wrapper, restore)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        DatabaseBackup.Result r;
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            r = new DatabaseBackup(SnapshotLayout.standalone(), env().withToolDir(bin), "cairn test").run(
                    TestRepos.archiver(repo), List.of(), List.of(new DatabaseBackup.Request(url(db),
                            DumpOptions.all())));
        }
        Manifest.Database d = r.manifest().databases().get(0);
        assertThat(d.consistency().rowCounts()).isEqualTo("SELECT count(*) in the snapshot pg_dump used");
        assertThat(log).anyMatch(l -> l.startsWith("counting the rows with SQL"));
        assertThat(manifestCounts(d)).isEqualTo(counts(PgFixtures.tableHashes(db)));
    }

    @Test
    void countsAreTakenInTheDumpsSnapshotWhileWritersKeepWriting() throws Exception {
        String db = dbs.create("busy");
        PgFixtures.execute(db, "CREATE TABLE ticks (id bigserial PRIMARY KEY, v text);"
                + "INSERT INTO ticks (v) SELECT md5(g::text) FROM generate_series(1, 20000) g;");
        try (Writer writer = Writer.start(db); Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            writer.awaitRows(50);
            DatabaseBackup.Request req = new DatabaseBackup.Request(url(db), DumpOptions.all());
            DatabaseBackup.Result r;
            try (var dump = DatabaseBackup.open(req, env())) {
                // committed after the snapshot was exported: neither counted nor dumped
                PgFixtures.execute(db, "INSERT INTO ticks (v) SELECT 'late' FROM generate_series(1, 777)");
                writer.awaitRows(writer.rows() + 50);
                var entries = new ArrayList<>(dump.entries("/database/busy"));
                var manifest = new java.util.concurrent.atomic.AtomicReference<Manifest.Database>();
                entries.add(dev.cairn.snapshots.backup.VirtualEntry.stream("/cairn-manifest.json", () -> {
                    manifest.set(dump.describe("/database/busy"));
                    return java.io.InputStream.nullInputStream();
                }));
                var result = TestRepos.archiver(repo).backup(List.of(), entries);
                r = new DatabaseBackup.Result(result, new Manifest(1, "t", java.time.Instant.now(),
                        List.of(manifest.get())));
            }
            long counted = r.manifest().databases().get(0).tables().get(0).rows();
            Path target = tmp.resolve("restored");
            TestRepos.restore(repo, r.backup().snapshot(), target);
            String copy = pgRestore(target.resolve("database/busy/" + db + ".dump"));
            assertThat(PgFixtures.count(copy, "ticks")).isEqualTo(counted);
            assertThat(PgFixtures.count(copy, "ticks WHERE v = 'late'")).isZero();
            assertThat(PgFixtures.count(db, "ticks")).isGreaterThanOrEqualTo(counted + 777);
        }
    }

    @Test
    void directoryFormatDumpsInParallelAndRestoresPerTable() throws Exception {
        String db = dbs.create("dir");
        PgFixtures.execute(db, PgFixtures.RICH_SCHEMA);
        DatabaseBackup.Result r;
        Path target = tmp.resolve("restored");
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            r = backup(repo, db, DumpOptions.all().withFormat(DumpOptions.Format.DIRECTORY).withJobs(2));
            TestRepos.restore(repo, r.backup().snapshot(), target);
        }
        Manifest.Database d = r.manifest().databases().get(0);
        assertThat(d.format()).isEqualTo("pg_dump-directory");
        assertThat(d.files()).extracting(Manifest.DumpFile::path).contains(db + ".dir/toc.dat");
        Path dir = target.resolve("database/" + db + "/" + db + ".dir");
        for (Manifest.DumpFile f : d.files()) {
            assertThat(Files.size(target.resolve("database/" + db).resolve(f.path()))).isEqualTo(f.size());
        }
        String copy = pgRestore(dir, "--jobs=2");
        assertThat(PgFixtures.tableHashes(copy)).isEqualTo(PgFixtures.tableHashes(db));
        assertThat(manifestCounts(d)).isEqualTo(counts(PgFixtures.tableHashes(db)));
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary dump folder deleted").isEmpty();
    }

    @Test
    void plainFormatWithAFixedRestrictKeyIsIdenticalWhenNothingChanged() throws Exception {
        String db = dbs.create("plain");
        PgFixtures.execute(db, PgFixtures.RICH_SCHEMA);
        Path target = tmp.resolve("restored");
        DatabaseBackup.Result first;
        DatabaseBackup.Result second;
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            first = backup(repo, db, DumpOptions.all().withFormat(DumpOptions.Format.PLAIN));
            second = backup(repo, db, DumpOptions.all().withFormat(DumpOptions.Format.PLAIN));
            TestRepos.restore(repo, second.backup().snapshot(), target);
        }
        assertThat(second.manifest().databases().get(0).files())
                .isEqualTo(first.manifest().databases().get(0).files());
        Path sql = target.resolve("database/" + db + "/" + db + ".sql");
        assertThat(Files.readString(sql)).contains("\\restrict cairn");
        String copy = dbs.create("psql");
        TestRepos.run(List.of("psql", "--host=127.0.0.1", "--username=postgres", "--dbname=" + copy,
                "--set=ON_ERROR_STOP=1", "--single-transaction", "--quiet", "--file=" + sql), null);
        assertThat(PgFixtures.tableHashes(copy)).isEqualTo(PgFixtures.tableHashes(db));
    }

    @Test
    void tableAndSchemaSelectionFollowPgDumpsPatterns() throws Exception {
        String db = dbs.create("sel");
        PgFixtures.execute(db, PgFixtures.RICH_SCHEMA);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            Manifest.Database shopOnly = backup(repo, db, DumpOptions.all().withSchemas(List.of("shop"))
                    .withExcludeTables(List.of("shop.events_2025"))).manifest().databases().get(0);
            assertThat(shopOnly.tables()).extracting(Manifest.Table::qualifiedName)
                    .containsExactly("shop.customer", "shop.events_2024", "shop.orders");
            Manifest.Database some = backup(repo, db, DumpOptions.all().withTables(List.of("shop.cust*",
                    "docs"))).manifest().databases().get(0);
            assertThat(some.tables()).extracting(Manifest.Table::qualifiedName)
                    .containsExactly("public.docs", "shop.customer");
            assertThat(some.filters().tables()).containsExactly("shop.cust*", "docs");
        }
    }

    @Test
    void secondBackupOfAnUnchangedDatabaseAddsOnlyTheDumpHeader() throws Exception {
        String db = dbs.create("dedup");
        PgFixtures.execute(db, "CREATE TABLE big (id int PRIMARY KEY, a text, b text);"
                + "INSERT INTO big SELECT g, md5(g::text), repeat(md5((g * 3)::text), 2) FROM generate_series(1, 150000) g;"
                + PgFixtures.RICH_SCHEMA);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DatabaseBackup.Result first = backup(repo, db, DumpOptions.all());
            DatabaseBackup.Result second = backup(repo, db, DumpOptions.all());
            long dumpSize = second.manifest().databases().get(0).dumpBytes();
            // pg_dump writes its start time into the archive header: the first chunk changes, nothing else
            Node file = dev.cairn.sources.testing.Trees.find(repo, second.backup().snapshot().tree(),
                    "/database/" + db + "/" + db + ".dump");
            long firstChunk = repo.loadBlob(dev.cairn.repository.BlobType.DATA, file.content().get(0)).length;
            assertThat(second.backup().summary().dataAdded())
                    .as("added by the second backup of a %d byte dump", dumpSize)
                    .isLessThanOrEqualTo(firstChunk + 64 * 1024);
            assertThat(first.backup().summary().dataAdded()).isGreaterThan(dumpSize / 2);

            // the directory format keeps each table in its own file: only the small toc.dat changes
            backup(repo, db, DumpOptions.all().withFormat(DumpOptions.Format.DIRECTORY));
            DatabaseBackup.Result dirAgain = backup(repo, db, DumpOptions.all()
                    .withFormat(DumpOptions.Format.DIRECTORY));
            long dirSize = dirAgain.manifest().databases().get(0).dumpBytes();
            assertThat(dirAgain.backup().summary().dataAdded()).isLessThanOrEqualTo(dirSize / 100);
        }
    }
}
