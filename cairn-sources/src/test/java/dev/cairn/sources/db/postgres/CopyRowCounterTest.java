package dev.cairn.sources.db.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.testing.Servers;
import dev.cairn.sources.testing.ThrowAwayDatabases;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Row counts read off real pg_dump archives must equal {@code SELECT count(*)}, whatever the rows hold. */
class CopyRowCounterTest {

    /** Values that look like row ends or COPY's end marker once escaped, or are not text at all. */
    static final String TRICKY = """
            CREATE TABLE tricky (id int, t text, b bytea, j jsonb, a text[]);
            INSERT INTO tricky VALUES
              (1, E'line one\\nline two\\r\\nthree', decode('0a0d5c2e0a0a0a00', 'hex'), '{"k": "a\\nb"}', ARRAY[E'x\\ny']),
              (2, E'\\\\.\\n\\\\.', E'\\\\x0a', NULL, NULL),
              (3, E'\\\\', '', '"\\\\\\\\"', '{}'),
              (4, '', NULL, NULL, ARRAY[NULL, E'\\t']),
              (5, NULL, NULL, NULL, NULL),
              (6, E'tab\\there\\\\n not a newline', NULL, NULL, NULL);
            INSERT INTO tricky SELECT g, repeat(E'\\n', g % 5) || g, decode(repeat('0a', g % 50), 'hex'), NULL, NULL
              FROM generate_series(7, 30000) g;
            CREATE TABLE empty_one (x int);
            CREATE TABLE "new
            line" (x text);
            INSERT INTO "new
            line" VALUES (E'\\n'), (E'\\r');
            CREATE TABLE parts (id int, k int) PARTITION BY LIST (k);
            CREATE TABLE parts_a PARTITION OF parts FOR VALUES IN (1);
            CREATE TABLE parts_b PARTITION OF parts FOR VALUES IN (2);
            CREATE TABLE parts_empty PARTITION OF parts FOR VALUES IN (3);
            INSERT INTO parts SELECT g, 1 + g % 2 FROM generate_series(1, 1001) g;
            SELECT lo_from_bytea(0, decode(repeat('0a', 10000), 'hex'));
            """;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.postgres();
    private PgTools tools;
    private String db;

    @BeforeEach
    void database() throws Exception {
        Servers.requirePostgres();
        db = dbs.create("rows");
        PgFixtures.execute(db, TRICKY);
        tools = PgTools.find(15, "15", DatabaseEnvironment.system(), PgTools.USUAL_FOLDERS);
    }

    @AfterEach
    void drop() throws Exception {
        dbs.close();
    }

    private byte[] dump(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tools.pgDump().path().toString(), "-Fc", "-h", "127.0.0.1",
                "-U", "postgres"));
        cmd.addAll(List.of(extra));
        cmd.add(db);
        // written to a pipe, as Cairn runs pg_dump
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] archive = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return archive;
    }

    private static Optional<Map<String, Long>> count(byte[] archive, int writeSize) {
        CopyRowCounter c = new CopyRowCounter();
        for (int off = 0; off < archive.length; off += writeSize) {
            c.update(archive, off, (int) Math.min(writeSize, (long) archive.length - off));
        }
        return c.rows();
    }

    private Map<String, Long> sqlCounts() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (String[] t : new String[][] {{"public", "tricky"}, {"public", "empty_one"}, {"public", "new\nline"},
                {"public", "parts_a"}, {"public", "parts_b"}, {"public", "parts_empty"}}) {
            out.put(CopyRowCounter.key(t[0], t[1]), PgFixtures.count(db, "ONLY " + PgTables.quote(t[0]) + "."
                    + PgTables.quote(t[1])));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 4096, 1 << 20, Integer.MAX_VALUE})
    void countsEveryTablesRowsExactlyWhateverTheWriteSizes(int writeSize) throws Exception {
        Map<String, Long> expected = sqlCounts();
        assertThat(expected.get(CopyRowCounter.key("public", "tricky"))).isEqualTo(30000);
        assertThat(count(dump("-Z0"), writeSize)).hasValueSatisfying(rows ->
                assertThat(new TreeMap<>(rows)).isEqualTo(expected));
    }

    @Test
    void givesUpOnACompressedArchive() throws Exception {
        assertThat(count(dump("-Z1"), 4096)).isEmpty();
    }

    @Test
    void givesUpOnATruncatedArchiveOrAnotherVersion() throws Exception {
        byte[] archive = dump("-Z0");
        assertThat(count(Arrays.copyOf(archive, archive.length - 3), 4096)).isEmpty();
        byte[] newer = archive.clone();
        newer[6] = 99; // minor version 1.99
        assertThat(count(newer, 4096)).isEmpty();
        assertThat(count("-- plain SQL\n".getBytes(StandardCharsets.UTF_8), 4096)).isEmpty();
    }

    @Test
    void givesUpWhenATablesDataDoesNotEndAsCopyDataDoes() throws Exception {
        byte[] archive = dump("-Z0");
        // the first "\.\n\n\n" end marker, damaged: a count would no longer be trustworthy
        byte[] marker = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(archive, marker);
        assertThat(at).isPositive();
        byte[] damaged = archive.clone();
        damaged[at + 1] = ',';
        assertThat(count(damaged, 4096)).isEmpty();
    }

    @Test
    void newlineCountMatchesAByteByByteCount() {
        Random r = new Random(5);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            for (int i = 0; i < n; i += 1 + r.nextInt(4)) {
                b[i] = '\n';
            }
            long expected = 0;
            for (int i = 1; i < n; i++) {
                expected += b[i] == '\n' ? 1 : 0;
            }
            assertThat(CopyRowCounter.newlines(b, Math.min(1, n), Math.max(0, n - 1))).isEqualTo(expected);
        }
    }

    private static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
