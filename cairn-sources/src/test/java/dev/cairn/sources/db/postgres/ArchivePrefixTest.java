package dev.cairn.sources.db.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.testing.Servers;
import dev.cairn.sources.testing.ThrowAwayDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header-and-TOC prefix of real pg_dump archives: pg_restore must read exactly the same table of contents. */
class ArchivePrefixTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.postgres();
    private PgTools tools;
    private byte[] archive;

    @BeforeEach
    void archive() throws Exception {
        Servers.requirePostgres();
        String db = dbs.create("prefix");
        PgFixtures.execute(db, PgFixtures.RICH_SCHEMA);
        tools = PgTools.find(15, "15", DatabaseEnvironment.system(), PgTools.USUAL_FOLDERS);
        // written to a pipe, as Cairn runs pg_dump: the TOC has no data offsets
        Process p = new ProcessBuilder(tools.pgDump().path().toString(), "-Fc", "-Z0", "-h", "127.0.0.1", "-U",
                "postgres", db).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        archive = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }

    @AfterEach
    void drop() throws Exception {
        dbs.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, Integer.MAX_VALUE})
    void keepsOnlyTheTableOfContentsThatPgRestoreReads(int writeSize) throws Exception {
        Path prefix = tmp.resolve("prefix.dump");
        ArchivePrefix out = copy(archive, prefix, writeSize);
        assertThat(out.prefixOnly()).isTrue();
        assertThat(Files.size(prefix)).isLessThan(archive.length);
        Path whole = tmp.resolve("whole.dump");
        Files.write(whole, archive);
        assertThat(list(prefix)).contains("TABLE DATA").isEqualTo(list(whole));
    }

    @Test
    void parsesTheTableOfContentsOnceNotOncePerWrite() throws Exception {
        Path prefix = tmp.resolve("prefix.dump");
        ArchivePrefix out = copy(archive, prefix, 1);
        assertThat(out.prefixOnly()).isTrue();
        // one byte per write: re-parsing the head each time looked at about size²/2 bytes; now each entry is
        // attempted again at most once per field
        assertThat(out.examined()).isLessThan(20 * Files.size(prefix));
    }

    @Test
    void copiesEverythingOfAnArchiveVersionItDoesNotKnow() throws Exception {
        byte[] newer = archive.clone();
        newer[6] = 99; // minor version 1.99
        Path out = tmp.resolve("copy.dump");
        assertThat(copy(newer, out, 4096).prefixOnly()).isFalse();
        assertThat(Files.readAllBytes(out)).isEqualTo(newer);
    }

    @Test
    void copiesEverythingThatIsNotACustomArchive() throws Exception {
        byte[] text = "-- PostgreSQL database dump\nSELECT 1;\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Path out = tmp.resolve("copy.sql");
        assertThat(copy(text, out, 100).prefixOnly()).isFalse();
        assertThat(Files.readAllBytes(out)).isEqualTo(text);
    }

    private static ArchivePrefix copy(byte[] data, Path file, int writeSize) throws IOException {
        try (var sink = Files.newOutputStream(file)) {
            ArchivePrefix out = new ArchivePrefix(sink);
            for (int off = 0; off < data.length; off += writeSize) {
                out.write(data, off, (int) Math.min(writeSize, (long) data.length - off));
            }
            out.flush();
            return out;
        }
    }

    private String list(Path archiveFile) throws Exception {
        Process p = new ProcessBuilder(tools.pgRestore().toString(), "--list", archiveFile.toString())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        // the header names the archive's file and size; the entries below must be identical
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n")).stream()
                .filter(l -> !l.startsWith(";")).reduce("", (a, b) -> a + b + "\n");
    }
}
