package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn restore} on hostile snapshots and targets: nothing outside the target, clear errors. */
class RestoreTargetCliTest {

    private static final Instant T0 = Instant.parse("2024-01-02T03:04:05Z");

    @TempDir
    Path tmp;

    @Test
    void craftedSnapshotsWriteNothingOutsideTheTarget() throws Exception {
        Path repoDir = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repoDir);
        assertThat(cli.run("init").exitCode()).isZero();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = tmp.resolve("target");
        String escaping;
        String linkFirst;
        String dirSecond;
        try (Repository repo = Repositories.open(Storages.local(repoDir), "test password".toCharArray(),
                RepositoryOptions.defaults())) {
            Node evil = file(repo, "x", "evil");
            escaping = save(repo, List.of(
                    evil.toBuilder().name(Name.of("..")).build(),
                    evil.toBuilder().name(Name.of("../outside/escaped")).build(),
                    evil.toBuilder().name(Name.of("/tmp/../" + outside.resolve("absolute"))).build(),
                    evil.toBuilder().name(Name.of("a/b")).build(),
                    file(repo, "fine", "ok")));
            linkFirst = save(repo, List.of(symlink("x", outside.toString()), symlink("up", "../outside")));
            dirSecond = save(repo, List.of(dir(repo, "x", file(repo, "evil", "through the link")),
                    dir(repo, "up", file(repo, "evil2", "through the relative link"))));
        }

        Cli.Run first = cli.run("restore", escaping, "--target", target.toString());
        assertThat(first.exitCode()).as("refused names make the restore incomplete").isEqualTo(1);
        assertThat(first.stderr()).contains("refused").doesNotContain("\tat ");
        assertThat(target.resolve("fine")).hasContent("ok");

        assertThat(cli.run("restore", linkFirst, "--target", target.toString()).exitCode()).isZero();
        Cli.Run second = cli.run("restore", dirSecond, "--target", target.toString());
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(target.resolve("x/evil")).hasContent("through the link");
        assertThat(Files.isSymbolicLink(target.resolve("x"))).isFalse();

        assertThat(outside).isEmptyDirectory();
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.toList()).allMatch(p -> p.startsWith(target) || p.startsWith(repoDir)
                    || p.equals(tmp) || p.equals(outside));
        }
    }

    @Test
    void unwritableTargetFailsWithAClearError() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(source.resolve("a.txt"), "a\n");
        Cli cli = Cli.forRepo(tmp.resolve("repo"));
        cli.run("init");
        assertThat(cli.run("backup", source.toString()).exitCode()).isZero();
        Path target = Files.createDirectories(tmp.resolve("target"));
        Privileged.readOnly(target, true);
        Cli.Run restore;
        try {
            restore = cli.run("restore", "latest", "--target", target.toString());
        } finally {
            Privileged.readOnly(target, false);
        }
        assertThat(restore.exitCode()).isEqualTo(1);
        assertThat(restore.stderr()).contains(target.toString()).doesNotContain("\tat ")
                .doesNotContain("internal error");
        assertThat(target).isEmptyDirectory();
    }

    private static String save(Repository repo, List<Node> nodes) throws IOException {
        Id root = repo.saveTree(Tree.ofUnsorted(nodes));
        repo.flush();
        return repo.saveSnapshot(new Snapshot(T0, null, root, List.of("/"), "h", "u", 0, 0, null, null, null, null,
                null)).hex();
    }

    private static Node file(Repository repo, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Id id = Id.hash(bytes);
        repo.saveBlob(BlobType.DATA, id, bytes);
        return Node.builder(Name.of(name), NodeType.FILE).mode(0644).mtime(T0).atime(T0).ctime(T0)
                .size(bytes.length).links(1).content(List.of(id)).build();
    }

    private static Node dir(Repository repo, String name, Node... children) throws IOException {
        Id sub = repo.saveTree(Tree.ofUnsorted(List.of(children)));
        return Node.builder(Name.of(name), NodeType.DIR).mode(Node.MODE_DIR | 0755).mtime(T0).atime(T0).ctime(T0)
                .subtree(sub).build();
    }

    private static Node symlink(String name, String target) {
        return Node.builder(Name.of(name), NodeType.SYMLINK).mode(Node.MODE_SYMLINK | 0777).mtime(T0).atime(T0)
                .ctime(T0).linkTarget(Name.of(target)).build();
    }
}
