package dev.cairn.snapshots.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Node;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.fs.ExcludeRules;
import dev.cairn.snapshots.testing.TestRepository;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams and renamed copies stored next to real targets in one snapshot (the database sources need both). */
class VirtualEntryArchiverTest {

    static final String PASSWORD = "interop-secret";

    @TempDir
    Path tmp;

    private final Repository repo = TestRepository.create();
    private final List<String> warnings = new ArrayList<>();

    private Archiver archiver(BackupOptions options) {
        return new Archiver(repo, options.withHostname("testhost"), new Progress("t"),
                (p, m) -> warnings.add(p + ": " + m));
    }

    @Test
    void streamsCopiesAndRealTargetsShareOneSnapshot() throws IOException {
        Path site = tmp.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        Path tempDump = tmp.resolve("dumpdir");
        Files.createDirectories(tempDump);
        Files.writeString(tempDump.resolve("toc.dat"), "toc");
        Files.writeString(tempDump.resolve("3001.dat"), "rows");
        byte[] big = new byte[5 << 20];
        new Random(7).nextBytes(big);
        AtomicLong streamed = new AtomicLong(-1);
        java.util.concurrent.atomic.AtomicBoolean dumpRead = new java.util.concurrent.atomic.AtomicBoolean();
        List<VirtualEntry> extra = List.of(
                VirtualEntry.stream("/database/app/app.dump",
                        () -> new java.io.FilterInputStream(new ByteArrayInputStream(big)) {
                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                int n = super.read(b, off, len);
                                dumpRead.compareAndSet(false, n < 0);
                                return n;
                            }
                        }),
                VirtualEntry.copy("/database/app/app.dir", tempDump),
                // read after the dump: may describe it
                VirtualEntry.stream("/cairn-manifest.json", () -> {
                    streamed.set(dumpRead.get() ? 1 : 0);
                    return new ByteArrayInputStream("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
                }));
        BackupResult r = archiver(BackupOptions.defaults().withExcludes(
                ExcludeRules.builder().exclude("*.dat").build())).backup(List.of(site), extra);

        assertThat(warnings).isEmpty();
        assertThat(streamed.get()).as("manifest opened after the dump was read").isPositive();
        assertThat(r.snapshot().paths()).containsExactly("/cairn-manifest.json", "/database/app/app.dir",
                "/database/app/app.dump", site.toString());
        Map<String, Node> nodes = Fixtures.nodes(repo, r.snapshot().tree());
        Node dump = nodes.get("/database/app/app.dump");
        assertThat(Fixtures.content(repo, dump)).isEqualTo(big);
        assertThat(dump.size()).isEqualTo(big.length);
        assertThat(dump.mode()).isEqualTo(0600);
        assertThat(nodes.get("/database").mode()).isEqualTo(Node.MODE_DIR | 0700);
        assertThat(nodes.get("/database/app").mode()).isEqualTo(Node.MODE_DIR | 0700);
        assertThat(nodes.get("/database").mtime()).isEqualTo(r.snapshot().time());
        // the copy keeps its files although the user's exclude rules would drop *.dat
        assertThat(new String(Fixtures.content(repo, nodes.get("/database/app/app.dir/3001.dat")),
                StandardCharsets.UTF_8)).isEqualTo("rows");
        assertThat(nodes).containsKey("/database/app/app.dir/toc.dat");
        assertThat(new String(Fixtures.content(repo, nodes.get("/cairn-manifest.json")), StandardCharsets.UTF_8))
                .isEqualTo("{\"ok\":true}");
        assertThat(nodes).containsKey(site.resolve("index.html").toString());
        assertThat(r.summary().filesNew()).isEqualTo(5);
    }

    @Test
    void streamFailureLeavesNoSnapshot() throws IOException {
        Path site = tmp.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("a.txt"), "a");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(new byte[3 << 20])) {
            private int reads;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads > 3) {
                    throw new IOException("pg_dump exited with code 1: connection lost");
                }
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> archiver(BackupOptions.defaults()).backup(List.of(site),
                List.of(VirtualEntry.stream("/database/x/x.dump", () -> failing))))
                .isInstanceOf(IOException.class).hasMessageContaining("connection lost");
        assertThat(repo.listSnapshots()).isEmpty();

        assertThatThrownBy(() -> archiver(BackupOptions.defaults()).backup(List.of(),
                List.of(VirtualEntry.stream("/x", () -> {
                    throw new IOException("cannot start mariadb-dump");
                })))).hasMessageContaining("cannot start mariadb-dump");
        assertThat(repo.listSnapshots()).isEmpty();
    }

    @Test
    void missingCopySourceFailsTheBackup() throws IOException {
        assertThatThrownBy(() -> archiver(BackupOptions.defaults()).backup(List.of(),
                List.of(VirtualEntry.copy("/database/x/x.sqlite", tmp.resolve("gone")))))
                .isInstanceOf(IOException.class).hasMessageContaining("gone");
        assertThat(repo.listSnapshots()).isEmpty();
    }

    @Test
    void overlappingPathsAreRejected() throws IOException {
        Path site = tmp.resolve("site");
        Files.createDirectories(site);
        Archiver a = archiver(BackupOptions.defaults());
        assertThatThrownBy(() -> a.backup(List.of(site), List.of(VirtualEntry.stream(site + "/x", InputStream::nullInputStream))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> a.backup(List.of(), List.of(VirtualEntry.stream("/d/x", InputStream::nullInputStream),
                VirtualEntry.stream("/d/x", InputStream::nullInputStream)))).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> a.backup(List.of(), List.of(VirtualEntry.stream("/d/x", InputStream::nullInputStream),
                VirtualEntry.stream("/d", InputStream::nullInputStream)))).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> VirtualEntry.stream("d/../x", InputStream::nullInputStream))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(repo.listSnapshots()).isEmpty();
    }

    @Test
    void resticRestoresVirtualEntriesWithPrivateModes() throws Exception {
        Restic.require();
        Path repoDir = tmp.resolve("repo");
        byte[] data = "COPY public.t (id) FROM stdin;\n1\n\\.\n".getBytes(StandardCharsets.UTF_8);
        Path copy = tmp.resolve("copy.sqlite");
        Files.writeString(copy, "sqlite bytes");
        try (Repository real = Repositories.init(Storages.local(repoDir), PASSWORD.toCharArray(),
                RepositoryOptions.defaults(), new ScryptParams(16, 1, 1))) {
            new Archiver(real, BackupOptions.defaults(), new Progress("t"), Warnings.IGNORE).backup(List.of(),
                    List.of(VirtualEntry.stream("/database/app/app.dump", () -> new ByteArrayInputStream(data)),
                            VirtualEntry.copy("/database/app/app.sqlite", copy)));
        }
        new Restic(repoDir, PASSWORD).ok("check", "--read-data");
        Path target = tmp.resolve("restored");
        new Restic(repoDir, PASSWORD).ok("restore", "latest", "--target", target.toString());
        Path dump = target.resolve("database/app/app.dump");
        assertThat(Files.readAllBytes(dump)).isEqualTo(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dump))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dump.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(target.resolve("database/app/app.sqlite"))).isEqualTo("sqlite bytes");
    }
}
