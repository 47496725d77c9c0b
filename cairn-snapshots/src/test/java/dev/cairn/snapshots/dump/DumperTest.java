package dev.cairn.snapshots.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.dump.Dumper.ArchiveFormat;
import dev.cairn.snapshots.dump.Dumper.Compression;
import dev.cairn.snapshots.restore.DumpFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

class DumperTest {

    static final String LONG = "x".repeat(150);
    final DumpFixtures fx = new DumpFixtures();
    final List<String> warned = new ArrayList<>();
    final Dumper dumper = new Dumper(fx.repo(), (p, m) -> warned.add(p + ": " + m));
    final byte[] big = random(9, 70_000);

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    Snapshot snapshot() throws IOException {
        Node big1 = fx.hardlink(fx.file("big", big, 0640), "big", 3);
        return fx.snapshot(fx.dir("srv",
                fx.dir("www", 0750, fx.file("index.html", "<h1>".getBytes(), 04755),
                        fx.file("ünïcode-名前.txt", "u".getBytes(), 0644), fx.file(LONG, "long".getBytes(), 0600),
                        fx.symlink("current", "../releases/42"), fx.fifo("pipe"),
                        big1, fx.hardlink(big1, "big-again", 3))),
                fx.file("top", "t".getBytes(), 0644));
    }

    @Test
    void dumpFileWritesTheContent() throws IOException {
        Snapshot s = snapshot();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dumper.dumpFile(s, "/srv/www/big", out);
        assertThat(java.util.Arrays.equals(out.toByteArray(), big)).isTrue();
        assertThatThrownBy(() -> dumper.dumpFile(s, "/srv/www", new ByteArrayOutputStream()))
                .hasMessageContaining("not a file");
        assertThatThrownBy(() -> dumper.dumpFile(s, "/srv/nope", new ByteArrayOutputStream()))
                .hasMessageContaining("/srv/nope");
    }

    @Test
    void tarHasNamesModesTimesLinksAndContentInEveryCompression() throws IOException {
        Snapshot s = snapshot();
        for (Compression c : Compression.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            dumper.dumpArchive(s, "/srv/www", ArchiveFormat.TAR, c, out);
            Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
            Map<String, byte[]> contents = new LinkedHashMap<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(decompress(c, out.toByteArray()))) {
                for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                    entries.put(e.getName(), e);
                    contents.put(e.getName(), in.readAllBytes());
                }
            }
            String p = "srv/www/";
            assertThat(entries.keySet()).as(c.name()).containsExactly(p + "big", p + "big-again",
                    p + "current", p + "index.html", p + LONG, p + "ünïcode-名前.txt");
            assertThat(contents.get(p + "big")).isEqualTo(big);
            assertThat(contents.get(p + LONG)).isEqualTo("long".getBytes());
            assertThat(entries.get(p + "index.html").getMode() & 07777).isEqualTo(04755);
            assertThat(entries.get(p + "big").getMode() & 07777).isEqualTo(0640);
            assertThat(entries.get(p + "big-again").isLink()).isTrue();
            assertThat(entries.get(p + "big-again").getLinkName()).isEqualTo(p + "big");
            assertThat(entries.get(p + "current").isSymbolicLink()).isTrue();
            assertThat(entries.get(p + "current").getLinkName()).isEqualTo("../releases/42");
            // commons-compress keeps PAX times to 100 ns (Windows FileTime precision)
            assertThat(entries.get(p + "big").getLastModifiedTime().toInstant())
                    .isEqualTo(DumpFixtures.T0.minusNanos(89));
            assertThat(entries.get(p + "big").getLongUserId()).isEqualTo(1000);
            assertThat(entries.get(p + "big").getUserName()).isEqualTo("alice");
        }
    }

    @Test
    void wholeSnapshotTarIncludesDirectories() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dumper.dumpArchive(snapshot(), "", ArchiveFormat.TAR, Compression.NONE, out);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                if (e.getName().equals("srv/www/")) {
                    assertThat(e.isDirectory()).isTrue();
                    assertThat(e.getMode() & 07777).isEqualTo(0750);
                }
            }
        }
        assertThat(names).startsWith("srv/", "srv/www/").endsWith("top").hasSize(9);
    }

    @Test
    void zipHasUnixModesSymlinksAndContent() throws IOException {
        Snapshot s = snapshot();
        for (Compression c : Compression.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            dumper.dumpArchive(s, "/srv", ArchiveFormat.ZIP, c, out);
            Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
            Map<String, byte[]> contents = new LinkedHashMap<>();
            // ZipFile reads the central directory, where the unix modes are (a streaming reader cannot see them)
            byte[] raw = decompress(c, out.toByteArray()).readAllBytes();
            try (ZipFile zf = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(raw)).get()) {
                for (ZipArchiveEntry e : java.util.Collections.list(zf.getEntries())) {
                    entries.put(e.getName(), e);
                    try (InputStream in = zf.getInputStream(e)) {
                        contents.put(e.getName(), in.readAllBytes());
                    }
                }
            }
            String p = "srv/www/";
            assertThat(entries.keySet()).as(c.name()).containsExactly(p, p + "big", p + "big-again",
                    p + "current", p + "index.html", p + LONG, p + "ünïcode-名前.txt");
            assertThat(contents.get(p + "big-again")).isEqualTo(big);
            assertThat(entries.get(p + "current").isUnixSymlink()).isTrue();
            assertThat(contents.get(p + "current")).isEqualTo("../releases/42".getBytes());
            assertThat(entries.get(p + "index.html").getUnixMode() & 07777).isEqualTo(04755);
            assertThat(entries.get(p).isDirectory()).isTrue();
            assertThat(entries.get(p).getUnixMode() & 0170000).isEqualTo(040000);
        }
    }

    @Test
    void namesThatEscapeAreLeftOutOfArchives() throws IOException {
        Node evil = fx.file("x", "evil".getBytes(), 0644).toBuilder().name(Name.of("../evil")).build();
        Snapshot s = fx.rawSnapshot(evil, fx.file("ok", "ok".getBytes(), 0644));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dumper.dumpArchive(s, "/", ArchiveFormat.TAR, Compression.NONE, out);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertThat(names).containsExactly("ok");
        assertThat(warned).singleElement().asString().contains("../evil");
    }

    static InputStream decompress(Compression c, byte[] data) throws IOException {
        InputStream in = new ByteArrayInputStream(data);
        return switch (c) {
            case NONE -> in;
            case GZIP -> new GzipCompressorInputStream(in);
            case BZIP2 -> new BZip2CompressorInputStream(in);
        };
    }
}
