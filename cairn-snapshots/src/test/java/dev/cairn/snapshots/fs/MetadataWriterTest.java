package dev.cairn.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore side: recreate the fixture from its nodes, apply metadata, read back, compare. */
class MetadataWriterTest {

    @TempDir
    Path tmp;
    final UserCache users = UserCache.system();

    @Test
    void restoredEntriesReadBackIdentically() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Fixture.build(src);
        Path dst = Files.createDirectory(tmp.resolve("dst"));
        // distinctive times, so a copy that forgot them cannot pass
        Random rnd = new Random(42);
        List<Node> nodes = new ArrayList<>();
        try (Stream<Path> entries = Files.list(src)) {
            for (Path p : entries.toList()) {
                Instant t = Instant.ofEpochSecond(1_000_000_000L + rnd.nextInt(1 << 28), rnd.nextInt(1_000_000_000));
                nodes.add(FileMetadata.read(p, FileStat.lstat(p), users, true).atime(t.plusSeconds(7)).mtime(t)
                        .build());
            }
        }
        MetadataWriter writer = MetadataWriter.forCurrentProcess();
        List<String> warnings = new ArrayList<>();
        for (Node n : nodes) {
            Path from = RawPaths.resolve(src, n.name());
            Path to = RawPaths.resolve(dst, n.name());
            switch (n.type()) {
                case FILE -> Files.copy(from, to);
                case DIR -> Files.createDirectory(to);
                case SYMLINK -> Files.createSymbolicLink(to, RawPaths.fromBytes(dst, n.linkTarget().bytes()));
                default -> SpecialFiles.create(to, n);
            }
        }
        for (Node n : nodes) { // the restorer applies dirs last; this flat fixture has no nesting to order
            warnings.addAll(writer.apply(RawPaths.resolve(dst, n.name()), n));
        }
        assertThat(warnings).isEmpty();
        for (Node n : nodes) {
            Path to = RawPaths.resolve(dst, n.name());
            Node back = FileMetadata.read(to, FileStat.lstat(to), users, true).build();
            assertThat(back.name()).as("name").isEqualTo(n.name());
            assertThat(back.type()).as("%s type", n.name()).isEqualTo(n.type());
            assertThat(back.mode()).as("%s mode", n.name()).isEqualTo(n.mode());
            assertThat(back.mtime()).as("%s mtime", n.name()).isEqualTo(n.mtime());
            assertThat(back.atime()).as("%s atime", n.name()).isEqualTo(n.atime());
            assertThat(back.uid()).isEqualTo(n.uid());
            assertThat(back.gid()).isEqualTo(n.gid());
            assertThat(back.linkTarget()).as("%s target", n.name()).isEqualTo(n.linkTarget());
            assertThat(back.device()).isEqualTo(n.device());
            assertThat(back.extendedAttributes()).as("%s xattrs", n.name()).isEqualTo(n.extendedAttributes());
            if (n.type() == NodeType.FILE) {
                assertThat(back.size()).isEqualTo(n.size());
            }
        }
        assertThat(nodes).anyMatch(n -> n.name().equals(Fixture.BAD_UTF8));
    }

    @Test
    void ownershipIsRestoredWhenRoot() throws Exception {
        if (ProcessIdentity.effectiveUid() != 0) {
            return; // chown to another user needs root
        }
        Path f = Files.writeString(tmp.resolve("owned"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("owned-link"), f);
        Node file = FileMetadata.read(f, users).uid(65534).gid(65534).build();
        Node sym = FileMetadata.read(link, users).uid(65533).gid(65533).build();
        MetadataWriter writer = new MetadataWriter(true);
        assertThat(writer.apply(f, file)).isEmpty();
        assertThat(writer.apply(link, sym)).isEmpty();
        assertThat(FileStat.lstat(f).uid()).isEqualTo(65534);
        assertThat(FileStat.lstat(link).uid()).as("lchown, not chown").isEqualTo(65533);
        assertThat(FileStat.lstat(f).uid()).isEqualTo(65534);
    }

    @Test
    void failuresBecomeWarningsNamingTheFile() {
        Path missing = tmp.resolve("missing");
        Node n = Node.builder(Name.of("missing"), NodeType.FILE).mtime(Instant.EPOCH).build();
        List<String> warnings = new MetadataWriter(true).apply(missing, n);
        assertThat(warnings).isNotEmpty().allMatch(w -> w.contains(missing.toString()));
    }

    @Test
    void touchDatesHandleNegativeTimes() {
        assertThat(MetadataWriter.touchDate(Instant.ofEpochSecond(5, 7))).isEqualTo("@5.000000007");
        assertThat(MetadataWriter.touchDate(Instant.ofEpochSecond(-2, 750_000_000))).isEqualTo("@-1.250000000");
        assertThat(MetadataWriter.touchDate(Instant.ofEpochSecond(-2))).isEqualTo("@-2.000000000");
    }

    @Test
    void specialFilesKeepRawNamesAndRefuseToOverwrite() throws Exception {
        Path fifo = RawPaths.resolve(tmp, Fixture.BAD_UTF8);
        Node node = Node.builder(Fixture.BAD_UTF8, NodeType.FIFO).mode(Node.MODE_NAMED_PIPE | 0640).build();
        SpecialFiles.create(fifo, node);
        assertThat(FileStat.lstat(fifo).nodeType()).isEqualTo(NodeType.FIFO);
        assertThat(new MetadataWriter(true).apply(fifo, node)).isEmpty();
        assertThat(FileStat.lstat(fifo).stMode() & 07777).isEqualTo(0640);
        assertThatThrownBy(() -> SpecialFiles.create(fifo, node)).isInstanceOf(FileAlreadyExistsException.class);

        Path socket = tmp.resolve("sock");
        SpecialFiles.create(socket, Node.builder(Name.of("sock"), NodeType.SOCKET).build());
        assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).as("restic skips sockets").isFalse();
        assertThatThrownBy(() -> SpecialFiles.create(tmp.resolve("f"), Node.builder(Name.of("f"), NodeType.FILE)
                .build())).isInstanceOf(IllegalArgumentException.class);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(s -> s.startsWith(".cairn-tmp"));
        }
    }

    @Test
    void blockDevicesAreMadeWithMajorAndMinor() throws Exception {
        if (ProcessIdentity.effectiveUid() != 0) {
            return; // mknod needs root
        }
        long dev = (259L << 8) | 7; // major 259, minor 7 in Linux's dev_t encoding
        assertThat(SpecialFiles.major(dev)).isEqualTo(259);
        assertThat(SpecialFiles.minor(dev)).isEqualTo(7);
        Path blk = tmp.resolve("blk");
        SpecialFiles.create(blk, Node.builder(Name.of("blk"), NodeType.DEV).device(dev).build());
        FileStat st = FileStat.lstat(blk);
        assertThat(st.nodeType()).isEqualTo(NodeType.DEV);
        assertThat(st.rdev()).isEqualTo(dev);
        long big = (0x12345L & 0xfff) << 8 | (0x12345L & ~0xfffL) << 32 | (0xabcdeL & 0xff) | (0xabcdeL & ~0xffL) << 12;
        assertThat(SpecialFiles.major(big)).isEqualTo(0x12345);
        assertThat(SpecialFiles.minor(big)).isEqualTo(0xabcde);
    }
}
