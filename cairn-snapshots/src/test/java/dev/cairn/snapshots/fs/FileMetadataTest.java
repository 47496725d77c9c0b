package dev.cairn.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.repository.ExtendedAttribute;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMetadataTest {

    @TempDir
    Path tmp;
    Path src;
    final UserCache users = UserCache.system();

    @BeforeEach
    void setUp() throws Exception {
        src = Files.createDirectory(tmp.resolve("src"));
        Fixture.build(src);
    }

    private Node read(String name) throws Exception {
        return FileMetadata.read(src.resolve(name), users).build();
    }

    @Test
    void regularFilesCarrySizeLinksAndGoMode() throws Exception {
        Node n = read("file.txt");
        FileStat st = FileStat.lstat(src.resolve("file.txt"));
        assertThat(n.type()).isEqualTo(NodeType.FILE);
        assertThat(n.mode()).isEqualTo(st.stMode() & 0777);
        assertThat(n.size()).isEqualTo(6);
        assertThat(n.links()).isEqualTo(1);
        assertThat(n.inode()).isEqualTo(st.ino()).isNotZero();
        assertThat(n.deviceId()).isEqualTo(st.dev()).isNotZero();
        assertThat(n.atime()).isEqualTo(n.mtime());
        assertThat(n.mtime()).isEqualTo(st.mtime());
        assertThat(n.ctime()).isEqualTo(st.ctime());
        assertThat(n.content()).isNull();
        assertThat(n.name()).isEqualTo(Name.of("file.txt"));
        assertThat(read("empty").size()).isZero();
        assertThat(read("sparse").size()).isEqualTo(8 << 20);
    }

    @Test
    void modesAreGoFileModes() throws Exception {
        assertThat(read("suid").mode()).isEqualTo(Node.MODE_SETUID | 0755);
        assertThat(read("suid").posixMode()).isEqualTo(04755);
        assertThat(read("sticky").mode()).isEqualTo(Node.MODE_DIR | Node.MODE_STICKY | 0777).isEqualTo(2148532735L);
        assertThat(read("rel-link").mode()).isEqualTo(134218239L);
        assertThat(read("fifo").mode() & ~0777L).isEqualTo(Node.MODE_NAMED_PIPE);
        Node dir = read("dir");
        assertThat(dir.type()).isEqualTo(NodeType.DIR);
        assertThat(dir.links()).as("restic 0.14 sets no links on dirs").isZero();
        assertThat(dir.size()).isZero();
        assertThat(dir.deviceId()).as("0.14 records device_id on every node").isNotZero();
    }

    @Test
    void symlinksKeepTheirRawTargetAndLinks() throws Exception {
        Node rel = read("rel-link");
        assertThat(rel.type()).isEqualTo(NodeType.SYMLINK);
        assertThat(rel.linkTarget()).isEqualTo(Name.of("file.txt"));
        assertThat(rel.links()).isEqualTo(1);
        assertThat(rel.size()).isZero();
        assertThat(read("abs-link").linkTarget()).isEqualTo(Name.of(src.resolve("dir/inner").toAbsolutePath().toString()));
        Path badTarget = src.resolve("bad-link");
        Files.createSymbolicLink(badTarget, RawPaths.fromBytes(src, Fixture.BAD_UTF8.bytes()));
        assertThat(FileMetadata.read(badTarget, users).build().linkTarget()).isEqualTo(Fixture.BAD_UTF8);
    }

    @Test
    void hardlinksShareTheInode() throws Exception {
        Node a = read("hard1");
        Node b = read("hard2");
        assertThat(a.links()).isEqualTo(2);
        assertThat(b.links()).isEqualTo(2);
        assertThat(a.inode()).isEqualTo(b.inode());
    }

    @Test
    void fifosHaveNoSizeOrLinks() throws Exception {
        Node fifo = read("fifo");
        assertThat(fifo.type()).isEqualTo(NodeType.FIFO);
        assertThat(fifo.links()).isZero();
        assertThat(fifo.extendedAttributes()).isNull();
    }

    @Test
    void namesAreRawBytes() throws Exception {
        Node bad = FileMetadata.read(RawPaths.resolve(src, Fixture.BAD_UTF8), users).build();
        assertThat(bad.name().bytes()).containsExactly(Fixture.BAD_UTF8.bytes());
        assertThat(bad.name().isValidUtf8()).isFalse();
        Node uni = FileMetadata.read(RawPaths.resolve(src, Fixture.UNICODE), users).build();
        assertThat(uni.name()).isEqualTo(Fixture.UNICODE);
    }

    @Test
    void ownersAreNamed() throws Exception {
        Node n = read("file.txt");
        assertThat(n.uid()).isEqualTo(FileStat.lstat(src.resolve("file.txt")).uid());
        if (n.uid() == 0) {
            assertThat(n.user()).isEqualTo("root");
            assertThat(n.group()).isEqualTo("root");
        }
        UserCache none = new UserCache(tmp.resolve("no-passwd"), tmp.resolve("no-group"));
        Node anonymous = FileMetadata.read(src.resolve("file.txt"), none).build();
        assertThat(anonymous.user()).isNull();
        assertThat(anonymous.group()).isNull();
    }

    @Test
    void withAtimeKeepsTheAccessTime() throws Exception {
        Path f = src.resolve("file.txt");
        Files.setAttribute(f, "lastAccessTime",
                java.nio.file.attribute.FileTime.from(Instant.parse("2001-01-01T00:00:00.5Z")));
        Node n = FileMetadata.read(f, FileStat.lstat(f), users, true).build();
        assertThat(n.atime()).isEqualTo(Instant.parse("2001-01-01T00:00:00.5Z"));
    }

    @Test
    void userXattrsAreStoredWithTheirNamespace() throws Exception {
        List<ExtendedAttribute> xattrs = read("xattr").extendedAttributes();
        if (xattrs != null) { // null when the temp file system has no user xattrs
            assertThat(xattrs).containsExactly(new ExtendedAttribute("user.cairn.test", new byte[] {1, 2, 3}));
        }
        assertThat(read("file.txt").extendedAttributes()).isNull();
    }

    @Test
    void devicesCarryRdev() throws Exception {
        if (!Files.exists(src.resolve("null-dev"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return; // not root: no device node in the fixture
        }
        Node dev = read("null-dev");
        assertThat(dev.type()).isEqualTo(NodeType.CHARDEV);
        assertThat(dev.mode() & ~0777L).isEqualTo(Node.MODE_DEVICE | Node.MODE_CHAR_DEVICE);
        assertThat(dev.device()).isEqualTo((1 << 8) | 3);
        assertThat(dev.links()).isEqualTo(1);
    }

    /** Every field the reader fills must equal what restic 0.14 itself records for the same tree. */
    @Test
    void matchesWhatResticRecords() throws Exception {
        ResticCli.requireRestic();
        ResticCli restic = new ResticCli(tmp.resolve("repo"));
        restic.run("init");
        restic.run("backup", src.toString());
        int compared = compareTree(restic, restic.treeOf(src), src);
        assertThat(compared).isGreaterThanOrEqualTo(16);
    }

    private int compareTree(ResticCli restic, JsonNode tree, Path dir) throws Exception {
        int count = 0;
        List<String> names = new ArrayList<>();
        for (JsonNode json : tree.get("nodes")) {
            Name name = Name.of(ResticCli.unquote(json.get("name").asText()));
            names.add(name.toString());
            Path p = RawPaths.resolve(dir, name);
            Node mine = FileMetadata.read(p, users).build();
            assertThat(fieldsOf(mine)).as("node %s", p).isEqualTo(resticFields(json));
            count++;
            if (json.hasNonNull("subtree")) {
                count += compareTree(restic, restic.blob(json.get("subtree").asText()), p);
            }
        }
        if (dir.equals(src)) {
            assertThat(names).contains("fifo", "rel-link", "hard2", Fixture.BAD_UTF8.toString(), "sticky");
        }
        return count;
    }

    private static Map<String, Object> fieldsOf(Node n) {
        Map<String, Object> m = new java.util.TreeMap<>();
        m.put("name", Base64.getEncoder().encodeToString(n.name().bytes()));
        m.put("type", n.type().jsonName());
        m.put("mode", n.mode());
        m.put("mtime", n.mtime());
        m.put("atime", n.atime());
        m.put("ctime", n.ctime());
        m.put("uid", n.uid());
        m.put("gid", n.gid());
        m.put("user", String.valueOf(n.user()));
        m.put("group", String.valueOf(n.group()));
        m.put("inode", n.inode());
        m.put("device_id", n.deviceId());
        m.put("size", n.size());
        m.put("links", n.links());
        m.put("linktarget", n.linkTarget() == null ? "null" : n.linkTarget().toString());
        m.put("device", n.device());
        m.put("xattrs", n.extendedAttributes() == null ? List.of() : n.extendedAttributes().stream()
                .map(a -> a.name() + "=" + Base64.getEncoder().encodeToString(a.value())).toList());
        return m;
    }

    private static Map<String, Object> resticFields(JsonNode j) {
        Map<String, Object> m = new java.util.TreeMap<>();
        m.put("name", Base64.getEncoder().encodeToString(ResticCli.unquote(j.get("name").asText())));
        m.put("type", j.get("type").asText());
        m.put("mode", j.path("mode").asLong(0));
        m.put("mtime", Instant.parse(j.get("mtime").asText()));
        m.put("atime", Instant.parse(j.get("atime").asText()));
        m.put("ctime", Instant.parse(j.get("ctime").asText()));
        m.put("uid", j.path("uid").asLong(0));
        m.put("gid", j.path("gid").asLong(0));
        m.put("user", j.hasNonNull("user") ? j.get("user").asText() : "null");
        m.put("group", j.hasNonNull("group") ? j.get("group").asText() : "null");
        m.put("inode", j.path("inode").asLong(0));
        m.put("device_id", j.path("device_id").asLong(0));
        m.put("size", j.path("size").asLong(0));
        m.put("links", j.path("links").asLong(0));
        m.put("linktarget", j.hasNonNull("linktarget")
                ? new String(j.get("linktarget").asText().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                : "null");
        m.put("device", j.path("device").asLong(0));
        List<String> x = new ArrayList<>();
        for (JsonNode a : j.path("extended_attributes")) {
            x.add(a.get("name").asText() + "=" + a.get("value").asText());
        }
        m.put("xattrs", x);
        return m;
    }
}
