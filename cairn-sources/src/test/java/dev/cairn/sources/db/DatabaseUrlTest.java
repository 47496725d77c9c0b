package dev.cairn.sources.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseUrlTest {

    @TempDir
    Path tmp;

    @Test
    void parsesEveryEngineWithDefaults() {
        DatabaseUrl pg = DatabaseUrl.parse("postgres://app@db.example:6543/shop?sslmode=verify-full&sslrootcert=%2Fca.pem",
                Map.of());
        assertThat(pg.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(pg.host()).isEqualTo("db.example");
        assertThat(pg.port()).isEqualTo(6543);
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.database()).isEqualTo("shop");
        assertThat(pg.params()).containsEntry("sslmode", "verify-full").containsEntry("sslrootcert", "/ca.pem");

        DatabaseUrl libpqDefaults = DatabaseUrl.parse("postgresql://", Map.of("PGHOST", "h", "PGUSER", "u",
                "PGPORT", "5433"));
        assertThat(libpqDefaults.toString()).isEqualTo("postgresql://u@h:5433/u");

        DatabaseUrl my = DatabaseUrl.parse("mysql://root@[::1]/wp", Map.of());
        assertThat(my.engine()).isEqualTo(Engine.MARIADB);
        assertThat(my.host()).isEqualTo("::1");
        assertThat(my.port()).isEqualTo(3306);
        assertThat(my.toString()).isEqualTo("mariadb://root@[::1]:3306/wp");

        DatabaseUrl lite = DatabaseUrl.parse("sqlite:data/app.db", Map.of());
        assertThat(lite.file()).isEqualTo(Path.of("data/app.db").toAbsolutePath());
        assertThat(lite.defaultName()).isEqualTo("app");
        assertThat(DatabaseUrl.parse("sqlite:///srv/x.sqlite3", Map.of()).file()).isEqualTo(Path.of("/srv/x.sqlite3"));
        assertThat(DatabaseUrl.parse("postgresql://u@h/my db!", Map.of()).defaultName()).isEqualTo("my_db_");
    }

    @Test
    void passwordsInUrlsAreNeverShown() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://app:s%40cret@h/db", Map.of());
        assertThat(u.urlPassword()).isEqualTo("s@cret");
        assertThat(u.toString()).doesNotContain("cret");
        assertThatThrownBy(() -> DatabaseUrl.parse("oracle://app:s3cret@h/db", Map.of()))
                .hasMessageNotContaining("s3cret").hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DatabaseUrl.parse("mariadb://root@h", Map.of())).hasMessageContaining("no database");
    }

    @Test
    void passwordSourcesInTheToolsOrder() throws Exception {
        List<String> warnings = new ArrayList<>();
        DatabaseEnvironment env = DatabaseEnvironment.system().withEnv(Map.of()).withHome(tmp)
                .withWarnings(warnings::add);
        DatabaseUrl pg = DatabaseUrl.parse("postgresql://app@db:5432/shop", Map.of());
        assertThat(Credentials.find(pg, env)).isEmpty();

        Path pgpass = tmp.resolve(".pgpass");
        Files.writeString(pgpass, "# comment\nother:*:*:*:no\ndb:5432:shop:app:pa\\:ss:word\n*:*:*:*:fallback\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Credentials.find(pg, env)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("chmod 0600");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        assertThat(Credentials.find(pg, env).orElseThrow().value()).isEqualTo("pa:ss:word");

        assertThat(Credentials.find(pg, env.withEnv(Map.of("PGPASSWORD", "fromenv"))).orElseThrow().value())
                .isEqualTo("fromenv");
        Path file = tmp.resolve("pw");
        Files.writeString(file, "fromfile\nignored\n");
        Password p = Credentials.find(pg, env.withEnv(Map.of("PGPASSWORD", "x")).withPasswordFile(file))
                .orElseThrow();
        assertThat(p.value()).isEqualTo("fromfile");
        assertThat(p.toString()).doesNotContain("fromfile");

        DatabaseUrl my = DatabaseUrl.parse("mariadb://root@h/wp", Map.of());
        Files.writeString(tmp.resolve(".my.cnf"), "[mysqld]\npassword=server\n[client]\npassword = \"a \\\"b\\\\\"\n");
        assertThat(Credentials.find(my, env).orElseThrow().value()).isEqualTo("a \"b\\");
        assertThat(Credentials.find(my, env.withEnv(Map.of("MYSQL_PWD", "e"))).orElseThrow().value()).isEqualTo("e");
        assertThat(MyCnf.unquote(MyCnf.quote("x\"y\\z\n"))).isEqualTo("x\"y\\z\n");
    }

    @Test
    void manifestJsonRoundTripsWithSnakeCaseNames() throws Exception {
        Manifest m = new Manifest(1, "cairn 0.1.0", java.time.Instant.parse("2026-01-02T03:04:05.123Z"), List.of(
                new Manifest.Database("shop", "/database/shop", "postgresql", "postgresql://a@h:5432/shop", "shop",
                        "15.20", "pg_dump", "pg_dump (PostgreSQL) 15.20", "pg_dump-custom",
                        List.of(new Manifest.DumpFile("shop.dump", 10, "ab")),
                        new Manifest.Consistency("exported-snapshot", "00000003-1", "counted", true),
                        new Manifest.Filters(List.of("t*"), List.of(), List.of()),
                        List.of(new Manifest.Table("public", "t", 3, 8192L), new Manifest.Table(null, "u", 0, null)),
                        new Manifest.Timings(java.time.Instant.EPOCH, java.time.Instant.EPOCH, 5, 6), List.of(),
                        "pg_restore …")));
        String json = new String(m.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"format_version\" : 1", "\"server_version\" : \"15.20\"",
                "\"size_bytes\" : 8192", "\"created\" : \"2026-01-02T03:04:05.123Z\"", "\"exclude_tables\"");
        assertThat(Manifest.parse(m.toJson())).isEqualTo(m);
        assertThat(m.databases().get(0).totalRows()).isEqualTo(3);
        assertThatThrownBy(() -> Manifest.parse("{\"format_version\": 2, \"databases\": []}".getBytes()))
                .hasMessageContaining("newer Cairn");
    }

    @Test
    void layoutIsParameterisedBySite() {
        assertThat(SnapshotLayout.standalone().databaseDir("shop")).isEqualTo("/database/shop");
        assertThat(SnapshotLayout.standalone().manifest()).isEqualTo("/cairn-manifest.json");
        assertThat(SnapshotLayout.site("blog").databaseDir("wp")).isEqualTo("/site/blog/database/wp");
        assertThat(SnapshotLayout.site("blog").manifest()).isEqualTo("/site/blog/cairn-manifest.json");
        assertThatThrownBy(() -> SnapshotLayout.standalone().databaseDir("../x")).hasMessageContaining("invalid");
    }
}
